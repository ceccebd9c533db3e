import { esc } from './charts.js';
import { DUE_WITHIN_DAYS, type OwnedItem, type PromiseRow, type ReportData } from './rows.js';
import type { Outcome } from './outcome.js';
import { fileLink, plural } from './page-parts.js';

type HrefOf = (file: string) => string;

/** The date field that makes each kind of item fall due. */
const DUE_FIELD: Record<OwnedItem['kind'], string> = { record: 'review by', promise: 'review', waiver: 'expires' };

/** Who owns which records, promises and waivers, and what of theirs falls due. */
export function ownerSection(data: ReportData, hrefOf: HrefOf): string {
  if (data.owners.length === 0) return '';
  const rows = data.owners.map((o) => {
    const count = (kind: OwnedItem['kind']) => o.items.filter((i) => i.kind === kind).length;
    const due = o.items.filter((i) => i.due);
    const overdue = due.filter((i) => i.due === 'overdue').length;
    const name =
      o.key === ''
        ? '<em>no owner named</em>'
        : `${esc(o.name)}${o.registered === false ? ' <span class="flag" title="not in the people registry">not in the registry</span>' : ''}`;
    const dueList =
      due.length === 0
        ? '<span class="na">nothing due</span>'
        : `<ul class="due">${due.map((i) => `<li class="${i.due === 'overdue' ? 'overdue' : 'soon'}" data-kind="${i.kind}"><span class="tag">${esc(i.due!)}</span> ${esc(DUE_FIELD[i.kind])} ${esc(i.date)}: ${esc(i.label)} (${fileLink(i.file, hrefOf)})</li>`).join('')}</ul>`;
    const all = `<details><summary>${plural(o.items.length, 'item')}</summary><ul>${o.items.map((i) => `<li data-kind="${i.kind}">${esc(i.kind)}: ${esc(i.label)} (${fileLink(i.file, hrefOf)})</li>`).join('')}</ul></details>`;
    return (
      `<tr data-owner="${esc(o.key)}" data-name="${esc(o.name)}" data-records="${count('record')}" data-promises="${count('promise')}" data-waivers="${count('waiver')}" data-overdue="${overdue}" data-due-soon="${due.length - overdue}">` +
      `<td>${name}</td><td class="num">${count('record')}</td><td class="num">${count('promise')}</td><td class="num">${count('waiver')}</td><td>${dueList}</td><td>${all}</td></tr>`
    );
  });
  return `<section class="panel" id="owners" aria-label="Owners">
  <h2>Owners</h2>
  <p class="note">What each person owns and what falls due: a record's <code>review_by</code>, a promise's <code>review</code> and a waiver's <code>expires</code>, overdue or within ${DUE_WITHIN_DAYS} days of ${esc(data.today)}. Reviews with an outcome recorded, and records superseded, withdrawn or rejected, are not due. Names as the people registry gives them where one is configured.</p>
  <div class="scroll"><table id="owner-table"><thead><tr><th>Owner</th><th>Records</th><th>Promises</th><th>Waivers</th><th>Falls due</th><th>Everything owned</th></tr></thead><tbody>
${rows.join('\n')}
  </tbody></table></div>
</section>`;
}

/** Every promise, from the register and written out in records: its measure, target and outcome. */
export function promiseSection(data: ReportData, hrefOf: HrefOf): string {
  if (data.promiseList.length === 0) return '';
  const rows = data.promiseList.map((p) => promiseRow(p, hrefOf));
  const kept = data.promiseList.filter((p) => p.outcome.verdict === 'kept').length;
  const missed = data.promiseList.filter((p) => p.outcome.verdict === 'missed').length;
  const none = data.promiseList.filter((p) => p.outcome.verdict === 'none').length;
  return `<section class="panel" id="promise-list" aria-label="Promises">
  <h2>Promises</h2>
  <p class="note">${plural(data.promiseList.length, 'promise')}: ${kept} kept, ${missed} missed, ${none} with no outcome recorded.</p>
  <div class="scroll"><table id="promise-table"><thead><tr><th>Promise</th><th>Owner</th><th>Measure</th><th>Target</th><th>Baseline</th><th>Review</th><th>Outcome</th><th>Defined in</th></tr></thead><tbody>
${rows.join('\n')}
  </tbody></table></div>
</section>`;
}

function promiseRow(p: PromiseRow, hrefOf: HrefOf): string {
  const where = p.record ? `${esc(p.record)}<br>${fileLink(p.file, hrefOf)}` : `register<br>${fileLink(p.file, hrefOf)}`;
  const refs = p.referencedBy.length > 0 ? `<div class="refs">referenced by ${p.referencedBy.map(esc).join(', ')}</div>` : '';
  const review = p.due ? `${esc(p.review)} <span class="tag ${p.due === 'overdue' ? 'overdue' : 'soon'}">${esc(p.due)}</span>` : esc(p.review || '—');
  return (
    `<tr data-promise="${esc(p.id)}" data-outcome="${p.outcome.verdict}" data-file="${esc(p.file)}">` +
    `<td><strong>${esc(p.id)}</strong> ${esc(p.promise)}${refs}</td><td>${esc(p.owner || '—')}</td><td>${esc(p.measure || '—')}</td><td>${esc(p.target || '—')}</td>` +
    `<td>${esc(p.baseline || '—')}</td><td class="date">${review}</td><td class="outcome">${outcomeHtml(p.outcome)}</td><td>${where}</td></tr>`
  );
}

export function outcomeHtml(o: Outcome): string {
  if (o.verdict === 'none') return '<span class="na">no outcome recorded</span>';
  const badge =
    o.verdict === 'recorded' ? `<span class="verdict recorded">${esc(o.result || 'recorded')}</span>` : `<span class="verdict ${o.verdict}">${o.verdict}</span>`;
  const result = o.result && o.verdict !== 'recorded' && o.result.toLowerCase() !== o.verdict ? ` (${esc(o.result)})` : '';
  const date = o.date ? ` <span class="date">${esc(o.date)}</span>` : '';
  const details = o.details.length > 0 ? `<div class="details">${o.details.map(esc).join('<br>')}</div>` : '';
  return `${badge}${result}${date}${details}`;
}

/** Every waiver with its reason, owner and expiry. */
export function waiverSection(data: ReportData, hrefOf: HrefOf): string {
  if (data.waivers.list.length === 0) return '';
  return `<section class="panel waiver-list" id="waiver-list" aria-label="Waivers"><h2>Waivers</h2><div class="scroll"><table id="waiver-table"><thead><tr><th>Expires</th><th>State</th><th>Rule</th><th>Reason</th><th>Owner</th><th>Record</th></tr></thead><tbody>${data.waivers.list
    .map(
      (w) =>
        `<tr data-bucket="${esc(w.bucket)}" data-rule="${esc(w.rule)}"><td class="date">${esc(w.expires || '—')}</td><td>${esc(w.bucket)}</td><td><code>${esc(w.rule)}</code></td><td class="reason">${esc(w.reason || '—')}</td><td>${esc(w.owner || '—')}</td><td>${fileLink(w.file, hrefOf)}</td></tr>`,
    )
    .join('')}</tbody></table></div></section>`;
}
