import type { BudgetRate } from './call-budget.ts';

/**
 * The longest message (JSON text) a page or worker may send the host. Tags are at most 10240 characters;
 * anything near a megabyte is not a shim message. The transports refuse to send longer ones, so the shim
 * can fail the call instead of waiting for a reply that never comes; the host drops any that arrive.
 */
export const MAX_SHIM_MESSAGE_LENGTH = 256 * 1024;

/**
 * The calls one page or worker may make, kept by the shim itself so a page that loops calls is refused
 * without a message to the host: a flood never reaches the browser's pipe, so other apps' events are not
 * stuck behind it. Half the host's own per-caller budget (DEFAULT_CALL_BUDGET), so the host never refuses
 * what the shim let through when messages arrive bunched.
 */
export const SHIM_CALL_BUDGET: BudgetRate = { burst: 100, perSecond: 20 };

/** What a shim transport is created with. */
export interface ShimLimits {
  maxMessageLength: number;
  callBudget: BudgetRate;
}

export const SHIM_LIMITS: ShimLimits = {
  maxMessageLength: MAX_SHIM_MESSAGE_LENGTH,
  callBudget: SHIM_CALL_BUDGET,
};
