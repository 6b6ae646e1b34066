import { describe, expect, it } from "vitest";
import { checkPasswordPolicy } from "~/domain/accounts/check-password-policy";
import { registerSchema } from "~/domain/accounts/schemas";

describe("password policy", () => {
  it.each(["Tender#Fuzhou9", "Jx7!mQ2vR8kd", "蓝天Bid-2026rq", "correct Horse 7 battery"])("accepts %s", (pw) => {
    expect(checkPasswordPolicy(pw, { username: "zhangsan" })).toEqual([]);
  });

  it("requires 10 characters", () => {
    expect(checkPasswordPolicy("Ab1!xyQ", {})).toContain("tooShort");
  });

  it("requires 3 of 4 character classes", () => {
    expect(checkPasswordPolicy("onlylowercaseletters", {})).toContain("classes");
    expect(checkPasswordPolicy("lowerand9digits", {})).toContain("classes");
    expect(checkPasswordPolicy("Lower9digitsUp", {})).not.toContain("classes");
  });

  it("refuses the username inside the password, even in leetspeak", () => {
    expect(checkPasswordPolicy("Zhangsan#2026", { username: "zhangsan" })).toContain("containsUsername");
    expect(checkPasswordPolicy("Zh4ngs4n#2026x", { username: "zhangsan" })).toContain("containsUsername");
  });

  it.each([
    "Password#2026",
    "P@ssw0rd!Xy",
    "Qwerty!Kmj9",
    "Aa123456!xyz",
    "88888888Ab!",
    "A1b2c3!Lmnx",
    "Asdf!Kxm29pq",
    "Zxcvbn#M8qr",
    "Xaaaa!Pq7rs",
    "Ggzy@Fz2026x",
    "AbcAbcAbc1!",
    "Woaini!520Xx",
    "Mkrw!7654Tq",
  ])("refuses the common pattern in %s", (pw) => {
    expect(checkPasswordPolicy(pw, {})).toContain("common");
  });

  it("names every broken rule at once", () => {
    expect(checkPasswordPolicy("password", { username: "password" }).sort()).toEqual(
      ["classes", "common", "containsUsername", "tooShort"].sort(),
    );
  });

  it("refuses absurdly long passwords (argon2 input cap)", () => {
    expect(checkPasswordPolicy("Ab1!" + "xk9Q".repeat(40), {})).toContain("tooLong");
  });

  it("is what the registration schema enforces, with one message per rule", () => {
    const r = registerSchema.safeParse({
      companyName: "福州蓝天建设有限公司",
      creditCode: "91350100M000100Y44", // also wrong: password rules must still be reported alongside
      region: "350100",
      contactName: "张三",
      contactPhone: "0591-88888888",
      username: "lantian",
      displayName: "张三",
      email: "a@example.com",
      password: "lantian123",
      confirmPassword: "lantian124",
    });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(messages).toContain("password:accounts:errors.password.containsUsername");
    expect(messages).toContain("password:accounts:errors.password.classes");
    expect(messages).toContain("confirmPassword:accounts:errors.password.mismatch");
    expect(messages).toContain("creditCode:accounts:errors.creditCode.checksum");
  });
});
