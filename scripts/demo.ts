import { runTour } from './demo/run-tour';

/** `npm run demo`: plays the whole story on a fast clock and prints it; exits non-zero if a step fails. */
async function main(): Promise<void> {
  const started = Date.now();
  console.log('企业微信代开发应用助手 · 演示 / WeCom rollout bot · demo (simulated WeCom, fast clock)');
  const result = await runTour({ write: (line) => console.log(line) });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n演示完成 Demo finished in ${seconds} s: ${result.rollout.stage} (${result.rollout.state}).`);
}

main().catch((err: unknown) => {
  console.error(`\n演示失败 Demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
