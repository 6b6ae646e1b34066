import type pg from "pg";
import { inPgTransaction } from "./_bench-db";

/**
 * What the collusion rules (实施条例第四十条) read, for `lots` lots × `bidsPerLot` bids, generated in SQL:
 * live lots past their deadline whose hall has read the prices (OpeningSession.readAt), ACTIVE bids with
 * an uploader IP, device, file hashes, a bond paid by account transfer, a decrypted price and one PDF's
 * metadata. Every tenth lot has one colluding pair (bids 1 and 2, different bidders), by kind:
 *   k % 10 = 0 same IP · 1 same device · 2 identical plaintext hash · 3 same bond account ·
 *            4 nearly identical prices · 5 all prices in arithmetic progression · 6 same PDF author ·
 *            7 same PDF document id · 8, 9 clean.
 * Estimates run from 300 000 to 5 745 000 yuan, so about one lot in seven is a major project (≥ 5 000 000).
 * Clean prices step ~1 % of the estimate with ±0.3 % jitter: neither regular nor within 0.1 %.
 * Parents the rules never read (Project, BidderKey, users) are not created: the rows are inserted with
 * session_replication_role = replica (foreign-key triggers off; CHECK constraints still apply). Superuser
 * only — the benchmark's own throw-away database.
 */
export async function seedCollusionFixtures(pool: pg.Pool, lots: number, bidsPerLot: number, bidderOrgs: string[]): Promise<void> {
  await inPgTransaction(pool, async (c) => {
    await c.query("SET LOCAL session_replication_role = replica");
    await c.query(
      `INSERT INTO "Lot" (id, "projectId", "lotNo", title, "estimatedPriceFen", "ceilingPriceFen", "bondFen", "evaluationMethod",
                          status, "docsAvailableFrom", "docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline",
                          "authorId", "publishedAt")
       SELECT md5('bench-clot-' || k)::uuid, md5('bench-project-' || k)::uuid, 1, '监察基准标段 ' || k,
              (300000 + ((k * 7919) % 100) * 55000)::int8 * 100, (330000 + ((k * 7919) % 100) * 60500)::int8 * 100,
              (300000 + ((k * 7919) % 100) * 55000)::int8, 'LOWEST_PRICE',
              'EVALUATION', now() - interval '30 days', now() - interval '3 days', now() - interval '10 days',
              now() - interval '10 days', now() - interval '2 days', md5('bench-user-0')::uuid, now() - interval '30 days'
         FROM generate_series(0, $1::int - 1) k`,
      [lots],
    );
    await c.query(
      `INSERT INTO "OpeningSession" (id, "lotId", state, "decryptionWindowMinutes", "openedAt", "startedAt", "readAt", "closedAt", "bidCount")
       SELECT md5('bench-session-' || k)::uuid, md5('bench-clot-' || k)::uuid, 'CLOSED', 30,
              now() - interval '2 days', now() - interval '2 days', now() - interval '47 hours', now() - interval '46 hours', $2::int
         FROM generate_series(0, $1::int - 1) k`,
      [lots, bidsPerLot],
    );
    // b: one row per bid; j = 1 and j = 2 are the pair of a colluding lot.
    const bids = `SELECT k, j, k % 10 AS kind, md5('bench-bid-' || k || '-' || j)::uuid AS id,
                         ($3::uuid[])[1 + (k * 7 + j) % array_length($3::uuid[], 1)] AS org,
                         CASE WHEN k % 10 IN (0, 1, 2, 3, 6, 7) AND j = 2 THEN 1 ELSE j END AS twin
                    FROM generate_series(0, $1::int - 1) k, generate_series(0, $2::int - 1) j`;
    await c.query(
      `INSERT INTO "Bid" (id, "lotId", "bidderOrgId", "submittedById", status, "uploadId", "storageKey", size,
                          "ciphertextSha256", "plaintextSha256", "keyFingerprint", "uploaderIp", "userAgent", "deviceId", "submittedAt")
       SELECT id, md5('bench-clot-' || k)::uuid, org, md5('bench-user-' || (120 + (k * 7 + j) % 380))::uuid, 'ACTIVE',
              'bench-up-' || k || '-' || j, 'bench/bids/' || k || '/' || j, 5242880 + j,
              encode(sha256(('c' || k || '-' || j)::bytea), 'hex'),
              encode(sha256(('p' || k || '-' || (CASE WHEN kind = 2 THEN twin ELSE j END))::bytea), 'hex'),
              encode(sha256(('key' || org)::bytea), 'hex'),
              '36.' || (k % 200) || '.' || (CASE WHEN kind = 0 THEN twin ELSE j END) || '.' || (17 + k % 200),
              'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0',
              'dev-' || md5('d' || k || '-' || (CASE WHEN kind = 1 THEN twin ELSE j END)),
              now() - interval '2 days' - make_interval(mins => j * 7)
         FROM (${bids}) b`,
      [lots, bidsPerLot, bidderOrgs],
    );
    await c.query(
      `INSERT INTO "BidBond" (id, "bidId", method, "payerAccount", "payerBank", "bankReference", "amountFen")
       SELECT md5('bench-bond-' || k || '-' || j)::uuid, id, 'ACCOUNT_TRANSFER',
              '62220210' || lpad(CASE WHEN kind = 3 AND j = 2
                                      THEN (($3::uuid[])[1 + (k * 7 + 1) % array_length($3::uuid[], 1)])::text
                                      ELSE org::text END, 8, '0'),
              '中国工商银行杭州分行', 'BENCH' || k || '-' || j, 1000000
         FROM (${bids}) b`,
      [lots, bidsPerLot, bidderOrgs],
    );
    await c.query(
      `INSERT INTO "BidDecryption" (id, "sessionId", "bidId", "bidderOrgId", ordinal, status, "decryptedAt", "totalPriceFen", "durationDays")
       SELECT md5('bench-dec-' || k || '-' || j)::uuid, md5('bench-session-' || k)::uuid, id, org, j + 1, 'DECRYPTED',
              now() - interval '47 hours',
              CASE WHEN kind = 4 AND j = 2 THEN p1 + p1 / 2000                    -- 0.05 % above bid 1
                   WHEN kind = 5 THEN est * 80 / 100 + j * est / 100                 -- exact 1 % steps
                   ELSE p END,
              365
         FROM (SELECT b.*, (300000 + ((k * 7919) % 100) * 55000)::int8 * 100 AS est,
                      (300000 + ((k * 7919) % 100) * 55000)::int8 * (80 + j) + ((('x' || substr(md5('q' || k || '-' || j), 1, 6))::bit(24)::int8 % 600) - 300) * (300000 + ((k * 7919) % 100) * 55000)::int8 / 1000 AS p,
                      (300000 + ((k * 7919) % 100) * 55000)::int8 * 81 + ((('x' || substr(md5('q' || k || '-1'), 1, 6))::bit(24)::int8 % 600) - 300) * (300000 + ((k * 7919) % 100) * 55000)::int8 / 1000 AS p1
                 FROM (${bids}) b) x`,
      [lots, bidsPerLot, bidderOrgs],
    );
    await c.query(
      `INSERT INTO "BidDocumentMetadata" (id, "bidId", "lotId", "orgId", "fileName", author, creator, producer, "documentId")
       SELECT md5('bench-meta-' || k || '-' || j)::uuid, id, md5('bench-clot-' || k)::uuid, org, '技术标.pdf',
              '编制人' || (CASE WHEN kind = 6 THEN twin ELSE j END) || '-' || k, 'Microsoft Word', 'Adobe PDF Library',
              md5('docid-' || k || '-' || (CASE WHEN kind = 7 THEN twin ELSE j END))
         FROM (${bids}) b`,
      [lots, bidsPerLot, bidderOrgs],
    );
  });
  for (const t of ["Lot", "OpeningSession", "Bid", "BidBond", "BidDecryption", "BidDocumentMetadata"]) await pool.query(`ANALYZE "${t}"`);
}
