import { writeFileSync } from 'node:fs';

/**
 * Writes public/sounds/notify.wav, the notification sound: two soft sine tones (A5, then E6) with a quick
 * fade in and a longer fade out, 16-bit mono PCM. Run with `npx tsx scripts/make-notify-sound.ts`.
 */
const RATE = 22_050;
const tones = [
  { hz: 880, seconds: 0.11 },
  { hz: 1318.5, seconds: 0.22 },
];
const samples: number[] = [];
for (const { hz, seconds } of tones) {
  const n = Math.round(RATE * seconds);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const attack = Math.min(1, t / 0.01);
    const release = Math.exp((-4 * i) / n);
    samples.push(0.35 * attack * release * Math.sin(2 * Math.PI * hz * t));
  }
}
const data = Buffer.alloc(samples.length * 2);
samples.forEach((s, i) => data.writeInt16LE(Math.round(s * 32767), i * 2));
const header = Buffer.alloc(44);
header.write('RIFF', 0);
header.writeUInt32LE(36 + data.length, 4);
header.write('WAVE', 8);
header.write('fmt ', 12);
header.writeUInt32LE(16, 16);
header.writeUInt16LE(1, 20); // PCM
header.writeUInt16LE(1, 22); // mono
header.writeUInt32LE(RATE, 24);
header.writeUInt32LE(RATE * 2, 28);
header.writeUInt16LE(2, 32);
header.writeUInt16LE(16, 34);
header.write('data', 36);
header.writeUInt32LE(data.length, 40);
writeFileSync(new URL('../public/sounds/notify.wav', import.meta.url), Buffer.concat([header, data]));
