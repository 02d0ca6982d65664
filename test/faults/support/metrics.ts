import { call } from './http';

export type Series = Readonly<{ labels: string; value: number }>;

/** The samples of one metric in a Prometheus text exposition (`name{labels} value`). */
export const seriesOf = (exposition: string, name: string): Series[] =>
  exposition.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match === null || match[1] !== name) return [];
    return [{ labels: match[2] ?? '', value: Number(match[3]) }];
  });

export const scrape = async (baseUrl: string): Promise<string> => {
  const reply = await call(baseUrl, 'GET', '/metrics', { timeoutMs: 10_000 });
  return typeof reply.body === 'string' ? reply.body : '';
};

/** The largest sample of a metric, or undefined when the process does not expose it. */
export const largest = (exposition: string, name: string): number | undefined => {
  const series = seriesOf(exposition, name);
  return series.length === 0 ? undefined : Math.max(...series.map((sample) => sample.value));
};
