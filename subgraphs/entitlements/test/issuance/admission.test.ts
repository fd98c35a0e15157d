// The claims' admission queue: never more than `concurrency` at once, a full
// queue refuses at once, and a failing task frees its slot.
import { Admission } from "../../src/domain/issuance/admission";

const tick = () => new Promise((r) => setTimeout(r, 5));

test("runs at most `concurrency` tasks at once and all of them in the end", async () => {
  const admission = new Admission(3, 100);
  let running = 0;
  let most = 0;
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      admission.run(async () => {
        most = Math.max(most, ++running);
        await tick();
        running--;
        return i;
      }),
    ),
  );
  expect(most).toBe(3);
  expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

test("a full queue answers null without running the task", async () => {
  const admission = new Admission(1, 1);
  const ran: number[] = [];
  const task = (i: number) => admission.run(async () => (ran.push(i), await tick(), i));
  const answers = await Promise.all([task(1), task(2), task(3)]);
  expect(answers).toEqual([1, 2, null]);
  expect(ran).toEqual([1, 2]);
});

test("a task that throws frees its slot for the next", async () => {
  const admission = new Admission(1, 10);
  const failing = admission.run(async () => {
    await tick();
    throw new Error("boom");
  });
  const next = admission.run(async () => "ran");
  await expect(failing).rejects.toThrow("boom");
  await expect(next).resolves.toBe("ran");
});
