import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';
import { METRICS, SPANS } from '../../src/telemetry/names';

const METRIC_NAMES = new Set(Object.values(METRICS).map((m) => m.name));

/** Metric names (customMetrics `name == "…"` / `in (…)`) and span names (`startswith "turn "`) a query uses. */
function namesIn(query: string): { metrics: string[]; spans: string[] } {
  const quoted = [...query.matchAll(/"([a-z][a-z0-9_.]*\.[a-z0-9_.]+)"/g)].map((m) => m[1]);
  const spans = [...query.matchAll(/name (?:startswith|==) "([^"]+)"/g)]
    .map((m) => m[1])
    .filter((n) => !n.includes('.') || !METRIC_NAMES.has(n));
  return { metrics: quoted.filter((n) => !n.startsWith('error.')), spans };
}

const spanNameKnown = (name: string): boolean =>
  Object.values(SPANS).some((span) => name === span || name.trim() === span || name.startsWith(`${span} `));

describe('the Azure Monitor workbook and the README queries use only names the bot emits', () => {
  const workbook = JSON.parse(readFileSync(join(PROJECT_ROOT, 'infra', 'workbook.json'), 'utf8')) as {
    version: string;
    items: Array<{ type: number; content: { query?: string } }>;
  };
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Operations: telemetry'));
  const readmeQueries = [
    ...section.slice(0, section.indexOf('\n## ', 5)).matchAll(/```kusto\n([\s\S]*?)```/g),
  ].map((m) => m[1]);

  it('parses as a workbook with query items', () => {
    assert.equal(workbook.version, 'Notebook/1.0');
    assert.ok(workbook.items.filter((i) => i.type === 3 && i.content.query).length >= 5);
  });

  it('every metric and span name in a query is one of src/telemetry/names.ts', () => {
    const queries = [...workbook.items.map((i) => i.content.query ?? ''), ...readmeQueries].filter(Boolean);
    assert.ok(readmeQueries.length >= 3, 'the README has its Kusto queries');
    for (const query of queries) {
      const { metrics, spans } = namesIn(query);
      assert.ok(metrics.length + spans.length > 0, `names something the bot emits: ${query}`);
      for (const name of metrics) assert.ok(METRIC_NAMES.has(name), `metric ${name} is emitted`);
      for (const name of spans) assert.ok(spanNameKnown(name), `span ${name} is emitted`);
    }
  });
});
