import fc from 'fast-check';

/**
 * Text that breaks naive handling: lone surrogates, NUL and control characters, bidi overrides, zero-width and
 * combining marks, noncharacters, astral emoji (ZWJ sequences, flags), the Kazakh letters, look-alike digits,
 * homoglyphs, SQL/JS/HTML/path fragments, prototype keys.
 */
export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\ufeff',
  '\ufffe\uffff',
  '\u202e‮abc',
  '\u200b\u200c\u200d\u2060',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̴̡̧̛͚̗̖̭͎̲͐̈́͒̈́̈́̚a̸͍̟͚̔l̶̢̛̬̤g̵͚̈́o̴',
  '👨‍👩‍👧‍👦🇰🇿🏳️‍🌈',
  '𝕬𝖕𝖕𝖊𝖆𝖑',
  'ӘәҒғҚқҢңӨөҰұҮүҺһІі',
  'Өтініш жолдаймын — Обращение',
  'مرحبا بالعالم',
  'שלום',
  '١٢٣٤٥٦٧٨٩٠١٢',
  '１２３４５６７８９０１２',
  'Ꭺρреаl',
  '\r\n\t\v\f\b',
  '\u0085\u2028\u2029',
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '..\\..\\windows',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  '-0',
  '1e309',
  'null',
  'undefined',
  'true',
  '9007199254740993',
];

/** One of {@link EDGE_STRINGS}, or several glued together, or one repeated many times. */
export const edgeString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...EDGE_STRINGS), { maxLength: 6 }).map((p) => p.join('')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...EDGE_STRINGS), fc.integer({ min: 10, max: 400 }))
      .map(([text, times]) => text.repeat(times)),
  },
);
