// A bench's `--name=value` / `--name` arguments as a Map (a bare `--name` is true);
// arguments without `--` are left to the bench (page names and the like).
export function benchFlags(argv = process.argv) {
  return new Map(
    argv
      .slice(2)
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [k, v] = a.slice(2).split('=');
        return [k, v ?? true];
      }),
  );
}
