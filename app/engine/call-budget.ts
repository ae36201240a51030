/** A token bucket: `burst` calls at once, refilled at `perSecond`. */
export interface BudgetRate {
  burst: number;
  perSecond: number;
}

/**
 * How many shim calls the host answers, per page or worker and per app. A person's app makes a few calls
 * on load and a few per event; a page looping `new Notification()` made 153,200 in 20 s, and every one
 * cost the host a store write and a reply while other apps' events waited.
 */
export interface CallBudgetLimits {
  perCaller: BudgetRate;
  perApp: BudgetRate;
}

export const DEFAULT_CALL_BUDGET: CallBudgetLimits = {
  perCaller: { burst: 200, perSecond: 40 },
  perApp: { burst: 400, perSecond: 100 },
};

/** Buckets kept at most; beyond, full ones (callers that have been quiet) are forgotten first. */
const MAX_BUCKETS = 4096;

interface Bucket {
  tokens: number;
  at: number;
  /** When a call was last refused: a burst goes on while refusals come closer than a refill apart. */
  refusedAt: number;
}

/** What `take` says about a refused call: whether it starts a burst (the one to log). */
export type BudgetRefusal = { over: 'caller' | 'app'; burstStarts: boolean };

/**
 * Token buckets by key. A call takes a token from its caller's bucket, then from its app's; with either
 * empty it is refused, and the caller's (cheap, no store) is checked first, so a flooding page is turned
 * away before anything else is looked up.
 */
export class CallBudget {
  readonly #limits: CallBudgetLimits;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limits: CallBudgetLimits = DEFAULT_CALL_BUDGET, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Takes a call from `callerKey`'s budget and then `appKey()`'s; the refusal, if either is spent. */
  take(callerKey: string, appKey: () => string): BudgetRefusal | undefined {
    const caller = `caller ${callerKey}`;
    if (!this.#takeFrom(caller, this.#limits.perCaller)) return this.#refusal('caller', caller);
    const app = `app ${appKey()}`;
    if (!this.#takeFrom(app, this.#limits.perApp)) {
      // Its token was not used: the caller is not charged for a call the app's budget refused.
      const bucket = this.#buckets.get(caller);
      if (bucket) bucket.tokens += 1;
      return this.#refusal('app', app);
    }
    return undefined;
  }

  /**
   * The shim refused `callerKey`'s calls itself (it keeps a budget of its own, so a looping page sends
   * nothing): whether that starts a burst, as `take`'s refusals do.
   */
  refusedByShim(callerKey: string): boolean {
    const key = `caller ${callerKey}`;
    this.#refilled(key, this.#limits.perCaller);
    return this.#refusal('caller', key).burstStarts;
  }

  #takeFrom(key: string, rate: BudgetRate): boolean {
    const bucket = this.#refilled(key, rate);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** `key`'s bucket as of now (a new one is full). */
  #refilled(key: string, rate: BudgetRate): Bucket {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      this.#makeRoom(now);
      bucket = { tokens: rate.burst, at: now, refusedAt: Number.NEGATIVE_INFINITY };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
    bucket.at = now;
    return bucket;
  }

  #refusal(over: 'caller' | 'app', key: string): BudgetRefusal {
    const bucket = this.#buckets.get(key) as Bucket;
    const rate = over === 'caller' ? this.#limits.perCaller : this.#limits.perApp;
    // A caller that slowed down long enough to fill its bucket again starts a new burst.
    const burstStarts = bucket.at - bucket.refusedAt > (rate.burst / rate.perSecond) * 1000;
    bucket.refusedAt = bucket.at;
    return { over, burstStarts };
  }

  #makeRoom(now: number): void {
    if (this.#buckets.size < MAX_BUCKETS) return;
    for (const [key, bucket] of this.#buckets) {
      // A bucket quiet for a minute has refilled under any rate here: forgetting it changes nothing.
      if (now - bucket.at > 60_000) this.#buckets.delete(key);
    }
    // Everyone was busy within the minute (thousands of frames): drop the oldest half.
    if (this.#buckets.size >= MAX_BUCKETS) {
      for (const key of [...this.#buckets.keys()].slice(0, MAX_BUCKETS / 2)) this.#buckets.delete(key);
    }
  }
}
