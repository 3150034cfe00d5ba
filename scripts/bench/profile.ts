import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string): string {
  if (!url) return '(native/vm)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return 'node core';
  const own = /\/dist\/(.*)$/.exec(url);
  return own ? `bot: ${own[1].replace(/\/[^/]+$/, '/')}` : url;
}

/** Self time by package and by function from a V8 .cpuprofile (idle time left out), as markdown tables. */
export function summarizeProfile(file: string, top = 15): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  const ownFiles = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busy += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const special = functionName.startsWith('(');
    const pkg = special ? functionName : packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const fn = special
      ? functionName
      : `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const own = /\/dist\/((?:src|dialogs)\/.*)$/.exec(url);
    if (own && !url.includes('node_modules')) ownFiles.set(own[1], (ownFiles.get(own[1]) ?? 0) + us);
  }
  const table = (title: string, map: Map<string, number>) => [
    `| ${title} | self ms | % of busy |`,
    '| --- | ---: | ---: |',
    ...[...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, us]) =>
          `| ${name.replace(/\|/g, '\\|')} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)} |`,
      ),
  ];
  return [
    `Busy (non-idle) time in the profile: ${(busy / 1000).toFixed(0)} ms.`,
    '',
    ...table('package', packages),
    '',
    ...table('function', functions),
    '',
    'Our own files (self time in src/ and dialogs/; SDK time they cause is in the tables above):',
    '',
    ...table('file', ownFiles),
  ];
}
