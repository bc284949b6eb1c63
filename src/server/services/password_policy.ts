/** The password rules: long enough, not the email, not one of the passwords everyone tries first. */
import type { Issue } from "../../engine/mod.ts";

/** Shortest and longest accepted password, characters. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Passwords at the top of every leaked-password list (compared lower-cased). */
const COMMON = new Set([
  "password",
  "password1",
  "password12",
  "password123",
  "password1234",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "12345678",
  "123456789",
  "1234567890",
  "12341234",
  "87654321",
  "11111111",
  "00000000",
  "88888888",
  "qwertyui",
  "qwertyuiop",
  "qwerty123",
  "qwerty12",
  "1q2w3e4r",
  "1q2w3e4r5t",
  "1qaz2wsx",
  "zaq12wsx",
  "asdfghjkl",
  "asdf1234",
  "abcd1234",
  "abc12345",
  "abcdefgh",
  "iloveyou",
  "iloveyou1",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "welcome1",
  "welcome123",
  "letmein1",
  "trustno1",
  "superman",
  "starwars",
  "dragon123",
  "monkey123",
  "master123",
  "shadow123",
  "computer",
  "internet",
  "whatever",
  "changeme",
  "changeme1",
  "administrator",
  "admin123",
  "admin1234",
  "secret123",
  "fillscheduler",
]);

/** The problems of `password` for the account `email`; empty when it is acceptable. */
export function passwordIssues(password: string, email: string): Issue[] {
  const bad = (message: string): Issue[] => [{ code: "WEAK_PASSWORD", field: "password", message }];
  const length = [...password].length;
  if (length < PASSWORD_MIN) return bad(`password must have at least ${PASSWORD_MIN} characters`);
  if (length > PASSWORD_MAX) return bad(`password must have at most ${PASSWORD_MAX} characters`);
  const lower = password.trim().toLowerCase();
  const mail = email.trim().toLowerCase();
  const local = mail.split("@")[0] ?? "";
  if (lower === mail || (local.length >= 4 && lower === local)) {
    return bad("password must not be the email address");
  }
  if (COMMON.has(lower)) return bad("password is one of the most common passwords; choose another");
  if (new Set(password).size < 3) return bad("password must use at least 3 different characters");
  return [];
}
