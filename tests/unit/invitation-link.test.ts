import { describe, expect, it } from 'vitest';
import { parseInvitationLink } from '../../lib/client/api-team';

describe('an invitation link as pasted in the side panel', () => {
  it('gives the server and the token of a whole link', () => {
    expect(parseInvitationLink(' https://desk.example.com/invite?token=abcdefghijklmnop1234 ')).toEqual({
      serverUrl: 'https://desk.example.com',
      token: 'abcdefghijklmnop1234',
    });
    expect(parseInvitationLink('http://127.0.0.1:8787/invite?token=abc_DEF-1234567890')).toEqual({
      serverUrl: 'http://127.0.0.1:8787',
      token: 'abc_DEF-1234567890',
    });
  });

  it('takes a bare token, leaving the server to be typed', () => {
    expect(parseInvitationLink('abc_DEF-1234567890xyz')).toEqual({
      serverUrl: null,
      token: 'abc_DEF-1234567890xyz',
    });
  });

  it('refuses what is not an invitation', () => {
    expect(parseInvitationLink('')).toBeNull();
    expect(parseInvitationLink('https://desk.example.com/invite')).toBeNull();
    expect(parseInvitationLink('ftp://desk.example.com/invite?token=abcdefghijklmnop')).toBeNull();
    expect(parseInvitationLink('short')).toBeNull();
    expect(parseInvitationLink('not a token at all!')).toBeNull();
  });
});
