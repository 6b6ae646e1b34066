/**
 * Prints the current TOTP code for a base32 secret (demo accounts: see README / prisma/seed/demo-data.ts).
 * Usage: npx tsx scripts/totp.ts [SECRET]   (default: the demo secret)
 */
import { authenticator } from "otplib";
import { DEMO_TOTP_SECRET } from "../prisma/seed/demo-data";

const secret = (process.argv[2] ?? DEMO_TOTP_SECRET).replace(/\s+/g, "").toUpperCase();
const left = authenticator.timeRemaining();
console.log(`${authenticator.generate(secret)}  (valid ${left}s more)`);
