import { csvField, toCsv } from '../../../src/infrastructure/http/analytics/csv';
import { parseCsv } from '../../support/audit/parseCsv';

describe('CSV output', () => {
  it('quotes fields holding commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(-12)).toBe('-12');
    expect(csvField(null)).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('reads back what it wrote', () => {
    const rows = [
      { sku: 'cake, "large"', quantity: 3 },
      { sku: 'multi\r\nline', quantity: 0 },
    ];
    const csv = toCsv(
      [
        { header: 'sku', value: (row: (typeof rows)[number]) => row.sku },
        { header: 'quantity', value: (row: (typeof rows)[number]) => row.quantity },
      ],
      rows,
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['sku', 'quantity'],
      ['cake, "large"', '3'],
      ['multi\r\nline', '0'],
    ]);
  });
});
