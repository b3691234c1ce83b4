/** A promise a test opens by hand, to hold an upstream's answer until the test says so. */

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function createGate(): Gate {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
