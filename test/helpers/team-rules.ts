/** A team rule as an advocate writes it: evidence items must say which customer segment they come from. */
export function segmentRule(message = 'Evidence from {{source}} does not say which customer segment it comes from.'): string {
  return `id: evidence-segment
severity: warning
principle: customer-standpoint-input
title: Every piece of customer evidence names its segment
message: ${message}
checks:
  - kind: assert
    given: customer_standpoint.evidence[*]
    assert: {path: segment, present: true}
    report: segment
docs:
  rationale: Evidence from one segment says little about another.
  triggers: An evidence item without a segment.
  comply: Add segment to the evidence item.
`;
}
