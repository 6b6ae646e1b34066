import { sha256Hex } from "~/domain/audit/canonical";
import { chainHashTuple, tupleMatches, type EntryTuple } from "~/domain/audit/chain-hash";
const row: EntryTuple = ["123456", "1795410245678", "6f1c1f34-2a5e-4d5b-9a35-0c7e7f9b1a01", "BIDDER", "0b6a2a7e-8a11-4b39-9d63-2f6a0f6e7c02", "bid.submitted", "bid", "B-123456",
 "9f2c1e4b7a5d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a3", "9f2c1e4b7a5d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a3",
 '{"fileSha256":"9f2c1e4b7a5d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a3","lotNo":3,"receiptNo":"HZ-20261123-0001234","remark":"投标文件已上传","sizeBytes":1049600,"tenderNo":"HZ-GC-2026-0117"}',
 "10.0.3.17", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"];
const prev = "a".repeat(64);
const N = 200000;
const time = (name: string, f: () => void) => { const t = process.hrtime.bigint(); for (let i = 0; i < N; i++) f(); console.log(name.padEnd(20), (Number(process.hrtime.bigint() - t) / N / 1000).toFixed(2), "µs"); };
for (let k = 0; k < 2; k++) {
const good = chainHashTuple(prev, "123", row); time("tupleMatches", () => tupleMatches(prev, "123", row, good));
var s = prev + "\n" + row[10] + row[12] + row[11] + row[5] + row[6] + row[7] + row[3] + row[8] + row[9] + row[2] + row[4];
time("sha256 string", () => sha256Hex(s + ""));
time("iso", () => new Date(Number(row[1])).toISOString());
time("stringify x6", () => { JSON.stringify(row[5]); JSON.stringify(row[3]); JSON.stringify(row[7]); JSON.stringify(row[6]); JSON.stringify(row[11]); JSON.stringify(row[12]); });
const re = /["\\\u0000-\u001f]/;
time("regex x6", () => { re.test(row[5]); re.test(row[3]); re.test(row[7]); re.test(row[6]); re.test(row[11]); re.test(row[12]); });
}
const te = new TextEncoder();
time("encode only", () => Buffer.byteLength(s));
const crypto = await import("node:crypto");
time("createHash", () => crypto.createHash("sha256").update(s).digest("hex"));
time("hash buffer", () => crypto.hash("sha256", Buffer.from(s), "hex"));
