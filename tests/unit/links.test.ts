import { describe, expect, it } from 'vitest';
import { splitLinks } from '../../lib/domain/links';

describe('splitLinks', () => {
  it('makes http(s) and www addresses links, leaving the rest as text', () => {
    expect(splitLinks('Track it at https://track.example/abc?id=7, thanks!')).toEqual([
      { text: 'Track it at ' },
      { text: 'https://track.example/abc?id=7', href: 'https://track.example/abc?id=7' },
      { text: ', thanks!' },
    ]);
    expect(splitLinks('see www.shop.example.')).toEqual([
      { text: 'see ' },
      { text: 'www.shop.example', href: 'https://www.shop.example/' },
      { text: '.' },
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    '<a href="javascript:alert(1)">click</a>',
    '<img src=x onerror=alert(1)>',
  ])('leaves %s as plain text', (text) => {
    expect(splitLinks(text).every((piece) => !('href' in piece))).toBe(true);
    expect(
      splitLinks(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });

  it('keeps every character of the message, in order', () => {
    const text = 'a https://x.example/1 b http://y.example c';
    expect(
      splitLinks(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
    expect(splitLinks(text).filter((p) => 'href' in p)).toHaveLength(2);
  });
});
