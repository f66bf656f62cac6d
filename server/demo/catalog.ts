import type { SeededRandom } from './random';
import type { conversation, order } from '../store/schema';

/**
 * What the demo marketplace sells and who buys it, per shop: the raw material seed.ts turns into rows. Italian
 * shop content is in Italian, the UK shop's in English, as a seller's customers would write.
 */

export type OrderStatus = (typeof order.$inferSelect)['status'];
export type Category = (typeof conversation.$inferSelect)['category'];

export interface CatalogProduct {
  title: string;
  sku: string;
  priceCents: number;
}

export interface CatalogVoucher {
  code: string;
  title: string;
  discountType: 'percent' | 'amount';
  discountValue: number;
  minSpendCents: number;
  terms: string;
  startedDaysAgo: number;
  /** Negative for a voucher that has already expired. */
  expiresInDays: number;
  /** How many can be claimed in all (null: no limit), and how many customers already did. */
  quantity: number | null;
  claimed: number;
}

export interface Carrier {
  name: string;
  trackingNumber(random: SeededRandom): string;
}

/**
 * One customer-service exchange. Placeholders: {first} customer's first name, {agent} replying member,
 * {order} order number, {product} a product the order holds, {carrier}, {tracking}, {voucher} a voucher code.
 */
export interface ConversationScript {
  category: Category;
  /** Order statuses the exchange is about; null when it needs no order. */
  about: OrderStatus[] | null;
  turns: { from: 'customer' | 'agent'; text: string }[];
}

export interface ShopCatalog {
  key: 'it' | 'gb';
  name: string;
  country: string;
  timeZone: string;
  currency: string;
  customers: { displayName: string; handle: string }[];
  products: CatalogProduct[];
  vouchers: CatalogVoucher[];
  carriers: Carrier[];
  scripts: ConversationScript[];
}

const customer = (text: string) => ({ from: 'customer' as const, text });
const agent = (text: string) => ({ from: 'agent' as const, text });

const ITALY: ShopCatalog = {
  key: 'it',
  name: 'Acme Outdoor Italia',
  country: 'IT',
  timeZone: 'Europe/Rome',
  currency: 'EUR',
  customers: [
    { displayName: 'Giulia Rossi', handle: 'giulia.rossi92' },
    { displayName: 'Alessandro Russo', handle: 'ale_russo' },
    { displayName: 'Francesca Ferrari', handle: 'fra.ferrari' },
    { displayName: 'Matteo Esposito', handle: 'matteo_espo88' },
    { displayName: 'Chiara Bianchi', handle: 'chiarab_trek' },
    { displayName: 'Lorenzo Romano', handle: 'lorenzo.romano' },
    { displayName: 'Sofia Colombo', handle: 'sofiacolombo_' },
    { displayName: 'Davide Ricci', handle: 'davide.ricci77' },
    { displayName: 'Martina Marino', handle: 'marti.marino' },
    { displayName: 'Andrea Greco', handle: 'andrea_greco_bg' },
    { displayName: 'Valentina Bruno', handle: 'vale.bruno' },
    { displayName: 'Federico Gallo', handle: 'fede_gallo' },
    { displayName: 'Elisa Conti', handle: 'elisa.conti.to' },
    { displayName: 'Simone De Luca', handle: 'simone_deluca' },
    { displayName: 'Sara Mancini', handle: 'saramancini95' },
    { displayName: 'Riccardo Costa', handle: 'ricky.costa' },
    { displayName: 'Alessia Giordano', handle: 'alessia_giordano' },
    { displayName: 'Gabriele Rizzo', handle: 'gabri.rizzo' },
    { displayName: 'Beatrice Lombardi', handle: 'bea_lombardi' },
    { displayName: 'Tommaso Moretti', handle: 'tommy.moretti' },
  ],
  products: [
    { title: 'Zaino da trekking 35 L', sku: 'ACM-ZAI35-IT', priceCents: 7990 },
    { title: 'Giacca antipioggia uomo', sku: 'ACM-GIA-UO-IT', priceCents: 11900 },
    { title: 'Borraccia termica 750 ml', sku: 'ACM-BOR750-IT', priceCents: 2490 },
    { title: 'Tenda da campeggio 2 posti', sku: 'ACM-TEN2-IT', priceCents: 14900 },
    { title: 'Sacco a pelo comfort 0 °C', sku: 'ACM-SAC0-IT', priceCents: 8990 },
    { title: 'Bastoncini da trekking in carbonio', sku: 'ACM-BAS-CA-IT', priceCents: 5490 },
    { title: 'Lampada frontale ricaricabile', sku: 'ACM-LAM-FR-IT', priceCents: 2990 },
    { title: 'Scarponcini da escursionismo donna', sku: 'ACM-SCA-DO-IT', priceCents: 12990 },
    { title: 'Pile leggero unisex', sku: 'ACM-PIL-UN-IT', priceCents: 3990 },
    { title: 'Fornellino da campeggio a gas', sku: 'ACM-FOR-GA-IT', priceCents: 3490 },
    { title: 'Materassino autogonfiante', sku: 'ACM-MAT-AU-IT', priceCents: 6490 },
    { title: 'Cappello da sole UPF 50', sku: 'ACM-CAP-UV-IT', priceCents: 1990 },
  ],
  vouchers: [
    {
      code: 'BENVENUTO10',
      title: 'Benvenuto: 10% di sconto',
      discountType: 'percent',
      discountValue: 10,
      minSpendCents: 3000,
      terms: 'Valido sul primo ordine, spesa minima 30 €. Non cumulabile con altre promozioni.',
      startedDaysAgo: 30,
      expiresInDays: 60,
      quantity: 500,
      claimed: 212,
    },
    {
      code: 'ESTATE5',
      title: '5 € di sconto sull’estate',
      discountType: 'amount',
      discountValue: 500,
      minSpendCents: 4000,
      terms: 'Spesa minima 40 €. Un utilizzo per cliente.',
      startedDaysAgo: 12,
      expiresInDays: 2,
      quantity: 200,
      claimed: 200,
    },
    {
      code: 'TREKKING15',
      title: '15% su zaini e bastoncini',
      discountType: 'percent',
      discountValue: 15,
      minSpendCents: 6000,
      terms: 'Valido su zaini e bastoncini da trekking, spesa minima 60 €.',
      startedDaysAgo: 3,
      expiresInDays: 21,
      quantity: null,
      claimed: 57,
    },
    {
      code: 'SPEDIZIONE0',
      title: 'Spedizione gratuita',
      discountType: 'amount',
      discountValue: 499,
      minSpendCents: 2500,
      terms: 'Copre la spedizione standard in Italia, spesa minima 25 €.',
      startedDaysAgo: 20,
      expiresInDays: 1,
      quantity: 1000,
      claimed: 377,
    },
    {
      code: 'PRIMAVERA20',
      title: 'Primavera: 20% di sconto',
      discountType: 'percent',
      discountValue: 20,
      minSpendCents: 5000,
      terms: 'Promozione di primavera, spesa minima 50 €.',
      startedDaysAgo: 40,
      expiresInDays: -6,
      quantity: 300,
      claimed: 143,
    },
  ],
  carriers: [
    { name: 'BRT', trackingNumber: (r) => `0${r.digits(14)}` },
    { name: 'Poste Italiane', trackingNumber: (r) => `PS${r.digits(11)}IT` },
    { name: 'GLS Italy', trackingNumber: (r) => `MI${r.digits(9)}` },
    { name: 'SDA', trackingNumber: (r) => `${r.digits(13)}` },
  ],
  scripts: [
    {
      category: 'logistics',
      about: ['shipped', 'out_for_delivery'],
      turns: [
        customer('Buongiorno, ho ordinato «{product}» ma il pacco non è ancora arrivato'),
        customer('L’ordine è {order}'),
        agent(
          'Buongiorno {first}, sono {agent} di Acme Outdoor. Ho controllato: l’ordine {order} è stato affidato a {carrier}, tracciamento {tracking}.',
        ),
        customer('Grazie! Sul sito del corriere però non vedo aggiornamenti da due giorni'),
        agent(
          'Succede quando il pacco passa dall’hub di smistamento. Di solito arriva entro 48 ore; se domani non si muove apro io una segnalazione.',
        ),
        customer('Perfetto, grazie mille'),
        agent('Figurati! Per qualsiasi cosa scrivimi pure qui. Buona giornata ☀️'),
      ],
    },
    {
      category: 'after_sale',
      about: ['delivered'],
      turns: [
        customer('Salve, ho ricevuto «{product}» ma l’articolo è danneggiato 😞'),
        customer('Ordine {order}'),
        agent(
          'Ciao {first}, mi dispiace molto! Puoi mandarci una foto del difetto? Così procediamo subito con la sostituzione.',
        ),
        customer('Ecco, ho allegato la foto alla richiesta di reso nell’app'),
        agent(
          'Ricevuta, grazie. Ho approvato il reso: trovi l’etichetta prepagata nell’app e spediamo il nuovo articolo appena il corriere ritira il pacco.',
        ),
        customer('Ottimo, grazie della velocità'),
        agent('Grazie a te per la pazienza, {first}. A presto!'),
      ],
    },
    {
      category: 'pre_sale',
      about: null,
      turns: [
        customer('Ciao! «{product}» va bene anche per un trekking in montagna a ottobre?'),
        customer('Fa già freddo la sera'),
        agent(
          'Ciao {first}! Sì, è pensato proprio per le uscite di mezza stagione. Per la sera ti consiglio di abbinarlo a un pile leggero.',
        ),
        customer('Se ordino oggi arriva entro venerdì?'),
        agent(
          'Gli ordini entro le 14 partono in giornata: con la spedizione standard arrivano in 2-3 giorni lavorativi.',
        ),
        customer('C’è qualche sconto attivo?'),
        agent('Certo, al checkout puoi usare il codice {voucher} 😊'),
        customer('Grazie, ordino subito!'),
      ],
    },
    {
      category: 'in_sale',
      about: ['awaiting_shipment'],
      turns: [
        customer(
          'Buonasera, ho sbagliato l’indirizzo di consegna nell’ordine {order}, si può ancora cambiare?',
        ),
        agent('Buonasera {first}, l’ordine non è ancora partito quindi sì. Mi scrivi l’indirizzo corretto?'),
        customer('Via Garibaldi 12, 20121 Milano, scala B, citofono Rossi'),
        agent('Fatto, ho aggiornato l’indirizzo. Riceverai il tracciamento appena il pacco viene spedito.'),
        customer('Grazie mille!'),
        agent('Di nulla, buona serata!'),
      ],
    },
    {
      category: 'after_sale',
      about: ['returned'],
      turns: [
        customer(
          'Ciao, ho restituito «{product}» la settimana scorsa. Quando ricevo il rimborso? Ordine {order}',
        ),
        agent(
          'Ciao {first}, il reso è arrivato in magazzino ieri. Il rimborso viene emesso entro 3 giorni lavorativi sullo stesso metodo di pagamento.',
        ),
        customer('Ok, mi arriva una conferma?'),
        agent('Sì, ricevi una notifica nell’app appena il rimborso è emesso.'),
        customer('Perfetto, grazie'),
        agent('Grazie a te! Buona giornata.'),
      ],
    },
    {
      category: 'in_sale',
      about: ['awaiting_payment'],
      turns: [
        customer(
          'Il pagamento con carta non va a buon fine, l’ordine {order} è ancora in attesa di pagamento',
        ),
        customer('Ho provato due volte'),
        agent(
          'Ciao {first}, a volte la banca blocca il pagamento per la verifica 3D Secure. Puoi riprovare da Ordini › In attesa di pagamento? L’ordine resta valido 24 ore.',
        ),
        customer('Adesso ha funzionato 👍'),
        agent('Benissimo! Spediamo entro domani.'),
      ],
    },
    {
      category: 'logistics',
      about: ['delivered'],
      turns: [
        customer('Il tracciamento dice consegnato ma io non ho ricevuto niente! Ordine {order}'),
        agent(
          'Ciao {first}, capisco la preoccupazione. A volte il corriere lascia il pacco a un vicino o in portineria: puoi controllare? Intanto apro una verifica con {carrier} per la spedizione {tracking}.',
        ),
        customer('Ho chiesto in giro, niente'),
        agent(
          'Ho aperto la pratica con il corriere, ti aggiorno entro 24 ore. Se non lo ritrovano ti rispediamo l’ordine senza costi.',
        ),
        customer('Va bene, aspetto notizie'),
        agent('Ti scrivo appena so qualcosa. Scusa per il disagio!'),
      ],
    },
    {
      category: 'pre_sale',
      about: null,
      turns: [
        customer('Il codice {voucher} non funziona, mi dice che non è valido'),
        customer('Sto comprando «{product}»'),
        agent(
          'Ciao {first}, il codice richiede una spesa minima: controlla che il carrello la raggiunga. Se il problema resta mandami uno screenshot.',
        ),
        customer('Ah ecco, mancava poco. Ora funziona!'),
        agent('Perfetto! Buoni acquisti 🙌'),
      ],
    },
    {
      category: 'after_sale',
      about: ['delivered'],
      turns: [
        customer('Buongiorno, vorrei cambiare «{product}» con il colore verde, si può?'),
        agent('Buongiorno {first}! Certo, hai 30 giorni per il cambio. Mi confermi il numero d’ordine?'),
        customer('È {order}'),
        agent(
          'Il verde è disponibile. Ho aperto il cambio sull’ordine {order}: il nuovo articolo parte appena riceviamo il reso.',
        ),
        customer('Grazie, gentilissimi'),
        agent('È un piacere! Buone escursioni 🥾'),
      ],
    },
  ],
};

const UNITED_KINGDOM: ShopCatalog = {
  key: 'gb',
  name: 'Acme Outdoor UK',
  country: 'GB',
  timeZone: 'Europe/London',
  currency: 'GBP',
  customers: [
    { displayName: 'Oliver Smith', handle: 'olly.smith' },
    { displayName: 'Amelia Jones', handle: 'amelia_j' },
    { displayName: 'Harry Taylor', handle: 'harrytaylor90' },
    { displayName: 'Isla Brown', handle: 'isla.brown' },
    { displayName: 'Jack Williams', handle: 'jackw_hikes' },
    { displayName: 'Ava Wilson', handle: 'ava.wilson' },
    { displayName: 'George Davies', handle: 'g_davies' },
    { displayName: 'Mia Evans', handle: 'mia_evans_cardiff' },
    { displayName: 'Noah Thomas', handle: 'noah.thomas' },
    { displayName: 'Emily Johnson', handle: 'em_johnson' },
    { displayName: 'Charlie Roberts', handle: 'charlie.roberts' },
    { displayName: 'Grace Walker', handle: 'gracewalker_' },
    { displayName: 'Leo Wright', handle: 'leo.wright' },
    { displayName: 'Sophie Robinson', handle: 'sophie_rob' },
    { displayName: 'Alfie Thompson', handle: 'alfie.t' },
    { displayName: 'Lily White', handle: 'lily.white.leeds' },
    { displayName: 'Freddie Hughes', handle: 'freddie_hughes' },
    { displayName: 'Ella Edwards', handle: 'ella.edwards' },
    { displayName: 'Arthur Green', handle: 'arthur_green' },
    { displayName: 'Poppy Hall', handle: 'poppy.hall' },
  ],
  products: [
    { title: 'Hiking Backpack 35 L', sku: 'ACM-BP35-GB', priceCents: 6999 },
    { title: 'Men’s Waterproof Jacket', sku: 'ACM-JKT-M-GB', priceCents: 9999 },
    { title: 'Insulated Bottle 750 ml', sku: 'ACM-BTL750-GB', priceCents: 2199 },
    { title: '2-Person Camping Tent', sku: 'ACM-TNT2-GB', priceCents: 12999 },
    { title: 'Sleeping Bag Comfort 0 °C', sku: 'ACM-SLB0-GB', priceCents: 7999 },
    { title: 'Carbon Trekking Poles', sku: 'ACM-POL-C-GB', priceCents: 4799 },
    { title: 'Rechargeable Head Torch', sku: 'ACM-TRC-R-GB', priceCents: 2499 },
    { title: 'Women’s Walking Boots', sku: 'ACM-BOOT-W-GB', priceCents: 10999 },
    { title: 'Lightweight Fleece Unisex', sku: 'ACM-FLC-U-GB', priceCents: 3499 },
    { title: 'Camping Gas Stove', sku: 'ACM-STV-G-GB', priceCents: 2999 },
    { title: 'Self-Inflating Sleeping Mat', sku: 'ACM-MAT-S-GB', priceCents: 5499 },
    { title: 'UPF 50 Sun Hat', sku: 'ACM-HAT-UV-GB', priceCents: 1699 },
  ],
  vouchers: [
    {
      code: 'WELCOME10',
      title: 'Welcome: 10% off',
      discountType: 'percent',
      discountValue: 10,
      minSpendCents: 2500,
      terms: 'First order only, minimum spend £25. Cannot be combined with other offers.',
      startedDaysAgo: 30,
      expiresInDays: 60,
      quantity: 500,
      claimed: 198,
    },
    {
      code: 'SUMMER5',
      title: '£5 off summer kit',
      discountType: 'amount',
      discountValue: 500,
      minSpendCents: 3500,
      terms: 'Minimum spend £35. One use per customer.',
      startedDaysAgo: 14,
      expiresInDays: 1,
      quantity: 100,
      claimed: 100,
    },
    {
      code: 'TRAIL15',
      title: '15% off backpacks and poles',
      discountType: 'percent',
      discountValue: 15,
      minSpendCents: 5000,
      terms: 'Backpacks and trekking poles only, minimum spend £50.',
      startedDaysAgo: 5,
      expiresInDays: 3,
      quantity: null,
      claimed: 31,
    },
    {
      code: 'SPRING20',
      title: 'Spring sale: 20% off',
      discountType: 'percent',
      discountValue: 20,
      minSpendCents: 4000,
      terms: 'Spring sale, minimum spend £40.',
      startedDaysAgo: 45,
      expiresInDays: -4,
      quantity: 250,
      claimed: 96,
    },
  ],
  carriers: [
    { name: 'Royal Mail', trackingNumber: (r) => `RM${r.digits(9)}GB` },
    { name: 'Evri', trackingNumber: (r) => `H0${r.digits(14)}` },
    { name: 'DPD UK', trackingNumber: (r) => `15${r.digits(12)}` },
  ],
  scripts: [
    {
      category: 'logistics',
      about: ['shipped', 'out_for_delivery'],
      turns: [
        customer('Hi, I ordered {product} last week and it still hasn’t arrived'),
        customer('Order number is {order}'),
        agent(
          'Hi {first}, {agent} from Acme Outdoor here. I’ve checked: order {order} is with {carrier}, tracking number {tracking}.',
        ),
        customer('Thanks. The tracking hasn’t moved for two days though'),
        agent(
          'That usually means it’s sitting at the sorting hub. It normally arrives within 48 hours; if it hasn’t moved by tomorrow I’ll raise it with the carrier.',
        ),
        customer('Brilliant, cheers'),
        agent('No problem at all. Give me a shout here if you need anything else!'),
      ],
    },
    {
      category: 'after_sale',
      about: ['delivered'],
      turns: [
        customer('Hello, my {product} arrived damaged 😕'),
        customer('Order {order}'),
        agent(
          'Hi {first}, I’m so sorry about that! Could you send a photo of the fault so we can replace it straight away?',
        ),
        customer('Done, I’ve attached it to the return request in the app'),
        agent(
          'Got it, thanks. I’ve approved the return: the prepaid label is in the app and we’ll send the replacement as soon as the courier collects the parcel.',
        ),
        customer('Great, thanks for sorting it so quickly'),
        agent('Thanks for your patience, {first}. Have a lovely day!'),
      ],
    },
    {
      category: 'pre_sale',
      about: null,
      turns: [
        customer('Hi! Is {product} any good for a wet weekend in the Lake District?'),
        customer('Forecast says rain all weekend'),
        agent(
          'Hi {first}! Yes, it’s made for exactly that. With that forecast I’d add a lightweight fleece for the evenings.',
        ),
        customer('If I order today will it arrive by Friday?'),
        agent('Orders placed before 2 pm ship the same day, and standard delivery takes 2–3 working days.'),
        customer('Any discount codes going?'),
        agent('You can use {voucher} at checkout 😊'),
        customer('Lovely, ordering now!'),
      ],
    },
    {
      category: 'in_sale',
      about: ['awaiting_shipment'],
      turns: [
        customer('Evening, I put the wrong delivery address on order {order}. Can it still be changed?'),
        agent('Good evening {first}, it hasn’t shipped yet so yes. What’s the correct address?'),
        customer('Flat 3, 18 Victoria Road, Leeds LS6 1DR'),
        agent('Done, the address is updated. You’ll get the tracking number as soon as it ships.'),
        customer('Thank you so much!'),
        agent('You’re welcome, have a good evening!'),
      ],
    },
    {
      category: 'after_sale',
      about: ['returned'],
      turns: [
        customer('Hi, I sent {product} back last week. When will I get my refund? Order {order}'),
        agent(
          'Hi {first}, your return reached our warehouse yesterday. Refunds go out within 3 working days to the original payment method.',
        ),
        customer('OK, will I get a confirmation?'),
        agent('Yes, you’ll get a notification in the app as soon as it’s issued.'),
        customer('Perfect, thanks'),
        agent('Thank you! Have a great day.'),
      ],
    },
    {
      category: 'in_sale',
      about: ['awaiting_payment'],
      turns: [
        customer('My card payment keeps failing, order {order} still says awaiting payment'),
        customer('Tried twice now'),
        agent(
          'Hi {first}, banks sometimes block the payment for a 3D Secure check. Could you try again from Orders › Awaiting payment? The order stays reserved for 24 hours.',
        ),
        customer('That worked 👍'),
        agent('Great! It’ll ship by tomorrow.'),
      ],
    },
    {
      category: 'logistics',
      about: ['delivered'],
      turns: [
        customer('Tracking says delivered but I haven’t received anything! Order {order}'),
        agent(
          'Hi {first}, I understand the worry. Couriers sometimes leave parcels with a neighbour or in a safe place: could you check? Meanwhile I’m opening a claim with {carrier} for {tracking}.',
        ),
        customer('Asked the neighbours, nothing'),
        agent(
          'I’ve opened the claim and will update you within 24 hours. If it isn’t found we’ll resend the order free of charge.',
        ),
        customer('OK, I’ll wait to hear back'),
        agent('I’ll message you as soon as I know more. Sorry for the hassle!'),
      ],
    },
    {
      category: 'pre_sale',
      about: null,
      turns: [
        customer('The code {voucher} isn’t working, it says invalid'),
        customer('I’m buying {product}'),
        agent(
          'Hi {first}, that code has a minimum spend: check your basket reaches it. If it still fails, send me a screenshot.',
        ),
        customer('Ah, I was just under. Works now!'),
        agent('Perfect! Happy shopping 🙌'),
      ],
    },
    {
      category: 'after_sale',
      about: ['delivered'],
      turns: [
        customer('Morning, could I swap my {product} for the green one?'),
        agent(
          'Morning {first}! Of course, you have 30 days to exchange. Could you confirm the order number?',
        ),
        customer('It’s {order}'),
        agent(
          'The green one is in stock. I’ve opened the exchange on order {order}: it ships as soon as your return arrives.',
        ),
        customer('Thanks, really helpful'),
        agent('My pleasure! Enjoy the walks 🥾'),
      ],
    },
  ],
};

export const DEMO_SHOPS: readonly ShopCatalog[] = [ITALY, UNITED_KINGDOM];

/** The demo team's saved replies, in English and Italian, and one of Sara's own. */
export const DEMO_SAVED_REPLIES: {
  title: string;
  shortcut: string;
  category: Category | null;
  body: string;
  personalOf?: string;
}[] = [
  {
    title: 'Hello',
    shortcut: 'hello',
    category: null,
    body: 'Hi {{customer.firstName}}, thanks for writing to {{shop.name}}! I’m {{agent.nickname}}, how can I help?',
  },
  {
    title: 'Ciao',
    shortcut: 'ciao',
    category: null,
    body: 'Ciao {{customer.firstName}}, grazie per aver scritto a {{shop.name}}! Sono {{agent.nickname}}, come posso aiutarti?',
  },
  {
    title: 'Where is my order',
    shortcut: 'track',
    category: 'logistics',
    body: 'Hi {{customer.firstName}}, your order {{order.id}} is {{order.status}}. You can follow it with the tracking number in the order page.',
  },
  {
    title: 'Dov’è il mio ordine',
    shortcut: 'traccia',
    category: 'logistics',
    body: 'Ciao {{customer.firstName}}, il tuo ordine {{order.id}} è {{order.status}}. Puoi seguirlo con il numero di tracciamento nella pagina dell’ordine.',
  },
  {
    title: 'Refund started',
    shortcut: 'refund',
    category: 'after_sale',
    body: 'I’ve started the refund for order {{order.id}}. It reaches your account in 3–5 working days.',
  },
  {
    title: 'Rimborso avviato',
    shortcut: 'rimborso',
    category: 'after_sale',
    body: 'Ho avviato il rimborso dell’ordine {{order.id}}. Lo riceverai in 3–5 giorni lavorativi.',
  },
  {
    title: 'Thanks, bye',
    shortcut: 'thanks',
    category: null,
    body: 'Thank you {{customer.firstName}}! If anything else comes up, just write here. Have a nice day!',
  },
  {
    title: 'Grazie, a presto',
    shortcut: 'grazie',
    category: null,
    body: 'Grazie {{customer.firstName}}! Se ti serve altro scrivici pure qui. Buona giornata!',
  },
  {
    title: 'My sign-off',
    shortcut: 'bye',
    category: null,
    body: 'Have a lovely day, {{customer.firstName}} — {{agent.nickname}} from {{shop.name}}',
    personalOf: 'Sara',
  },
];
