/**
 * What a member's password must be (product §1): at least PASSWORD_MIN_LENGTH characters, not one of the
 * passwords people pick most (the lists leaked passwords are counted from), and not their own email or nickname.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

// The most common picks of at least PASSWORD_MIN_LENGTH characters, lower case; shorter ones fail on length.
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '0987654321',
  '1111111111',
  '0000000000',
  '1122334455',
  '1234512345',
  '12345678910',
  '123456789a',
  'a123456789',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'asdfghjkl1',
  'asdfghjkl;',
  'zxcvbnm123',
  'password12',
  'password123',
  'password1234',
  'password1!',
  'passw0rd123',
  'p@ssw0rd123',
  'iloveyou12',
  'iloveyou123',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'welcome123',
  'welcome1234',
  'letmein123',
  'monkey12345',
  'dragon12345',
  'master12345',
  'trustno1234',
  'abc1234567',
  'abcdefghij',
  'abcd123456',
  'abcdef1234',
  'starwars123',
  'whatever123',
  'superman123',
  'michael123',
  'jennifer123',
  'changeme123',
  'changeme1234',
  'administrator',
  'admin12345',
  'admin123456',
  'adminadmin',
  'passwordpassword',
  'qwertyqwerty',
  'computer123',
  'internet123',
  'samsung123',
  'chocolate1',
  'basketball',
  'basketball1',
  'football1!',
  'liverpool1',
  'juventus123',
  'forzainter',
  'forzamilan',
  'forzajuve1',
  'napoli1926',
  'password01',
  'qwer123456',
  'asdf123456',
  'zaq12wsx12',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  'q1w2e3r4t5y6',
  '123qweasdzxc',
  'qazwsxedc123',
  'qazwsxedcrfv',
  'sidedesk123',
  'sidedesk1234',
  'helpdesk123',
  'support123',
  'customer123',
  'benvenuto1',
  'benvenuto123',
  'ciaociao123',
  'tiamo12345',
  'amoremio123',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'like_account';

/** Why a password would be refused, or null when it is fine. */
export function passwordProblem(
  password: string,
  account: { email?: string; nickname?: string } = {},
): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  // One repeated character or a run of the keyboard's digits is as weak as a listed password.
  if (COMMON.has(lower) || /^(.)\1+$/.test(lower) || '01234567890'.includes(lower)) return 'too_common';
  const localPart = account.email?.split('@')[0]?.toLowerCase();
  if (
    lower === account.email?.toLowerCase() ||
    (localPart && localPart.length >= 4 && lower.includes(localPart)) ||
    (account.nickname && account.nickname.length >= 4 && lower === account.nickname.toLowerCase())
  ) {
    return 'like_account';
  }
  return null;
}

/** The server's words for a refused password, naming the field as the API's 400s do. */
export function passwordProblemText(problem: PasswordProblem): string {
  switch (problem) {
    case 'too_short':
      return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
    case 'too_long':
      return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
    case 'too_common':
      return 'is one of the passwords people pick most; choose another';
    case 'like_account':
      return 'must not be your email or nickname';
  }
}
