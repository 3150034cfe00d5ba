/**
 * The whole case as plain text / Markdown, ready to paste into a ticketing system. Takes the
 * already localised and neutralised view of a ticket, so nothing typed can turn into formatting.
 */

export interface CaseTextView {
  title: string;
  facts: ReadonlyArray<{ title: string; value: string }>;
  descriptionTitle: string;
  description: string;
  checksTitle: string;
  groups: ReadonlyArray<{ heading: string; lines: ReadonlyArray<{ status: string; check: string }> }>;
  events?: string;
  evidenceTitle: string;
  evidence: ReadonlyArray<string>;
  resolution?: string;
}

export function caseText(view: CaseTextView): string {
  const out: string[] = [`## ${view.title}`, ''];
  for (const fact of view.facts) out.push(`- ${fact.title}: ${fact.value}`);
  out.push('', `### ${view.descriptionTitle}`, view.description, '', `### ${view.checksTitle}`);
  for (const group of view.groups) {
    out.push('', `**${group.heading}**`);
    for (const line of group.lines) out.push(`- ${line.status}: ${line.check}`);
  }
  if (view.events) out.push('', view.events);
  if (view.evidence.length > 0) {
    out.push('', `### ${view.evidenceTitle}`);
    for (const line of view.evidence) out.push(`- ${line}`);
  }
  if (view.resolution) out.push('', view.resolution);
  return out.join('\n');
}
