// Parse GIFT text from stdin with gift-pegjs and print the questions as JSON (tests/test_lms_exports.py).
const { parse } = require("gift-pegjs");
let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  try {
    process.stdout.write(JSON.stringify(parse(text)));
  } catch (err) {
    process.stderr.write(`${err.location ? JSON.stringify(err.location.start) : ""} ${err.message}\n`);
    process.exit(2);
  }
});
