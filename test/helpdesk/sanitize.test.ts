import assert from 'node:assert/strict';
import {
  capLength,
  neutralize,
  normalizeTyped,
  plainName,
  safeName,
  safeText,
} from '../../src/helpdesk/sanitize';

const Z = '\u200B';

describe('helpdesk sanitize', () => {
  const neutralized: Array<[string, string, string]> = [
    ['plain text stays', 'Writeback fails since Monday', 'Writeback fails since Monday'],
    ['bold and italics', '**urgent** _now_', '\\*\\*urgent\\*\\* \\_now\\_'],
    ['markdown link', '[click](https://evil.example)', `\\[click\\]\\(https:${Z}//evil.example\\)`],
    ['autolink', 'see https://evil.example/x', `see https:${Z}//evil.example/x`],
    ['www autolink', 'www.evil.example', `www${Z}.evil.example`],
    ['mailto', 'mailto:boss@contoso.com', `mailto${Z}:boss@contoso.com`],
    ['at mention', '<at>CEO</at>', '\\<at\\>CEO\\</at\\>'],
    ['template expression', '${secret}', `$${Z}\\{secret\\}`],
    ['heading and quote', '# Title\n> quoted', '\\# Title\n\\> quoted'],
    ['list markers at line start', '- one\n+ two\n1. three', '\\- one\n\\+ two\n\\1. three'],
    ['a version is not a list', 'Connect 2.4.18.0 - old', 'Connect 2.4.18.0 - old'],
    ['code and tables', '`x` | y ~z~', '\\`x\\` \\| y \\~z\\~'],
    ['image', '![x](y)', '\\!\\[x\\]\\(y\\)'],
    ['CJK untouched', '密码写回不起作用', '密码写回不起作用'],
  ];
  for (const [name, input, expected] of neutralized) {
    it(`neutralize: ${name}`, () => assert.equal(neutralize(input), expected));
  }

  const normalized: Array<[string, string, string]> = [
    ['control characters dropped', 'a\u0000b\u0007c', 'abc'],
    ['bidi overrides dropped', 'abc\u202Eevil', 'abcevil'],
    ['CRLF unified, blank runs shortened', 'a\r\n\r\n\r\n\r\nb', 'a\n\nb'],
    ['tabs kept, ends trimmed', '  a\tb  ', 'a\tb'],
  ];
  for (const [name, input, expected] of normalized) {
    it(`normalizeTyped: ${name}`, () => assert.equal(normalizeTyped(input), expected));
  }

  it('capLength never splits a surrogate pair and counts what was cut', () => {
    assert.deepEqual(capLength('😀😀😀', 2), { text: '😀😀', cut: 1 });
    assert.deepEqual(capLength('abc', 5), { text: 'abc', cut: 0 });
  });

  it('safeText caps, neutralises and appends the note only when it cut', () => {
    assert.equal(
      safeText('**abc**', 100, () => 'NOTE'),
      '\\*\\*abc\\*\\*',
    );
    assert.equal(
      safeText('abcdef', 3, (n) => `(+${n})`),
      'abc (+3)',
    );
  });

  it('plainName (button titles): one line, short, no markdown escapes, with a fallback', () => {
    assert.equal(plainName('Alex Wilber (IT admin)\n**x**', 'id'), 'Alex Wilber (IT admin) x');
    assert.equal(plainName('<at>Boss</at>', 'id'), 'atBoss/at');
    assert.equal(plainName(' ', 'id'), 'id');
    assert.equal(plainName('a'.repeat(200), 'x').length, 80);
  });

  it('safeName: one line, short, neutralised, with a fallback', () => {
    assert.equal(safeName('Ann\n**Boss**', 'x'), 'Ann \\*\\*Boss\\*\\*');
    assert.equal(safeName('   ', 'fallback'), 'fallback');
    assert.equal(safeName('a'.repeat(200), 'x').length, 80);
  });
});
