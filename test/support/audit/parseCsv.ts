/** A strict RFC 4180 reader for tests: quoted fields, doubled quotes, CRLF records. */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    const next = text[index + 1];
    index += 1;
    if (quoted && char === '"' && next === '"') {
      field += '"';
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += char;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && next === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      index += 1;
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record is not CRLF-terminated');
  return records;
};

/** Records as objects keyed by the header line. */
export const csvObjects = (text: string): Record<string, string>[] => {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) throw new Error('no header line');
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
};
