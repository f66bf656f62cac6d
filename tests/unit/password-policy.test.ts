import { describe, expect, it } from 'vitest';
import { passwordProblem, passwordProblemText } from '../../lib/domain/password-policy';

describe('the password policy', () => {
  it('refuses short, common, repeated and account-like passwords, and takes a good one', () => {
    expect(passwordProblem('short1!')).toBe('too_short');
    expect(passwordProblem('Password123')).toBe('too_common');
    expect(passwordProblem('aaaaaaaaaaaa')).toBe('too_common');
    expect(passwordProblem('123456789012'.slice(0, 10))).toBe('too_common');
    expect(passwordProblem('x'.repeat(201))).toBe('too_long');
    expect(passwordProblem('giulia.rossi2024', { email: 'giulia.rossi@shop.example' })).toBe('like_account');
    expect(passwordProblem('Giulianetta', { nickname: 'giulianetta' })).toBe('like_account');
    expect(
      passwordProblem('correct horse battery', { email: 'sara@acme.example', nickname: 'Sara' }),
    ).toBeNull();
    expect(passwordProblemText('too_short')).toContain('10');
  });
});
