// Test driver: reads [{source?, data?, order, ref}] as JSON on stdin, writes the editor's canonical texts as JSON.
// `source` goes through the editor's reading (parse) first, as a file opened in the editor does.
import { readFileSync } from "node:fs";
import YAML from "yaml";
import { dump, parse } from "../../validator/editor/assets/canonical.mjs";

const jobs = JSON.parse(readFileSync(0, "utf-8"));
const out = jobs.map((job) => dump(job.source !== undefined ? parse(YAML, job.source) : job.data, job.order, job.ref));
process.stdout.write(JSON.stringify(out));
