import type { CheckDefinition } from '../../rules/definition.js';
import type { WaiverCheckKind, WaiverState } from '../kind.js';

interface WaiverCheck extends CheckDefinition {
  state: Exclude<WaiverState, 'active'>;
}

/** `waiver`: a waiver in the state `state` names. A waiver cannot silence what is said about waivers. */
export const waiverCheck: WaiverCheckKind<WaiverCheck> = {
  name: 'waiver',
  stage: 'waivers',
  waivable: false,
  schema: {
    required: ['state'],
    properties: {
      state: {
        enum: ['incomplete', 'expired', 'unused'],
        description: 'Which waivers this check reports: incomplete, expired or unused.',
      },
    },
  },
  compile: (check) => (state) => state === check.state,
};
