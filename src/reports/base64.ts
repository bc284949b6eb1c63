/** Base64 of bytes (for binary files carried in JSON). */
export function encodeBase64(bytes: Uint8Array): string {
  let s = "";
  // Chunks keep String.fromCharCode's argument list short on large files.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}
