/** Random JSON-able values for property tests of the canonical serialization: awkward keys, strings, numbers. */

const KEYS = [
  'a',
  'b',
  'B',
  'aa',
  'é',
  'z1',
  '10',
  '2',
  'hash',
  'prevHash',
  '"q"',
  'ключ',
  '😀',
  '\uffff',
  'ab',
];
const STRINGS = ['', 's\n"\\ü', 'tab\there', '\u0001\u001f\u007f', '😀 \u2028', 'ключ', '</script>'];
const NUMBERS = [0, -0, 1e21, -1e21, 1.5e-7, 1e-7, 123456789012345680000, 0.1, -2.5e300, 5e-324, 1e300];

const item = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

export const randomJson = (next: () => number, depth = 0): unknown => {
  switch (Math.floor(next() * (depth > 3 ? 7 : 9))) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 100);
    case 3:
      return item(next, NUMBERS);
    case 4:
      return item(next, STRINGS);
    case 5:
      return undefined;
    case 6:
      return item(next, KEYS);
    case 7:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 6) }, () => [item(next, KEYS), randomJson(next, depth + 1)]),
      );
  }
};
