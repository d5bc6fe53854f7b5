// The side-by-side table: each figure of the project beside the platform's own on the same server,
// and their ratio (project ÷ baseline: above 1 is better for throughput, worse for latency).
import type { Figures } from './measure';

export interface Comparison {
  what: string;
  baselineName: string;
  project: Figures;
  baseline: Figures;
  /** 1-minute load average before and after the two measures. */
  load: [number, number];
  ratio: { throughput: number; p50: number; p99: number };
}

export function compare(what: string, baselineName: string, project: Figures, baseline: Figures, load: [number, number]): Comparison {
  return {
    what,
    baselineName,
    project,
    baseline,
    load,
    ratio: { throughput: project.throughput / baseline.throughput, p50: project.p50 / baseline.p50, p99: project.p99 / baseline.p99 },
  };
}

const f1 = (n: number) => n.toFixed(1);
const ms = (n: number) => `${Math.round(n)} ms`;
const figs = (f: Figures) => `${f1(f.throughput)}/s, p50 ${ms(f.p50)}, p99 ${ms(f.p99)}`;

/** A Markdown table, as docs/performance.md shows it. */
export function comparisonTable(rows: Comparison[]): string {
  const lines = [
    '| what | this project | the platform\'s own limit, same server | ratio (throughput, p50, p99) | load |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.what} | ${figs(r.project)} | ${r.baselineName}: ${figs(r.baseline)} | ${r.ratio.throughput.toFixed(2)}, ${r.ratio.p50.toFixed(2)}×, ${r.ratio.p99.toFixed(2)}× | ${r.load.map(f1).join(' → ')} |`,
    );
  }
  return lines.join('\n');
}
