// patches/kafkajs@2.2.4.patch: an idle connection's request queue arms no timer (kafkajs 2.2.4 re-armed a 1 ms
// timer from its own callback forever, ≈ 20 ms of CPU per second per idle process), and a throttled request is
// still sent when the throttle ends.

// kafkajs ships no types for its internals
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  throttleCheckTimeoutId: unknown;
  checkPendingRequests(): void;
  maybeThrottle(ms: number): void;
  push(request: object): void;
  destroy(): void;
};

const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
const queueOf = () =>
  new RequestQueue({
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: '127.0.0.1:1',
    logger,
  });

describe('kafkajs request queue (patched)', () => {
  afterEach(() => jest.useRealTimers());

  it('arms no timer when nothing is pending', () => {
    const queue = queueOf();
    queue.checkPendingRequests(); // what every answered request does
    expect(queue.throttleCheckTimeoutId).toBeNull();
    queue.maybeThrottle(50);
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
    queue.destroy();
  });

  it('sends a request queued behind a throttle once the throttle ends', () => {
    jest.useFakeTimers();
    const queue = queueOf();
    queue.maybeThrottle(30);
    const sendRequest = jest.fn();
    const resolve = jest.fn();
    queue.push({
      entry: { correlationId: 1, resolve, reject: jest.fn() },
      expectResponse: false,
      sendRequest,
    });
    expect(sendRequest).not.toHaveBeenCalled();
    jest.advanceTimersByTime(40);
    expect(sendRequest).toHaveBeenCalledTimes(1);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(queue.throttleCheckTimeoutId).toBeNull();
    queue.destroy();
  });
});
