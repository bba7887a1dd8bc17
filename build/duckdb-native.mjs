#!/usr/bin/env node
// Fetches DuckDB's official native library (libduckdb) for one .NET runtime identifier from the
// npm registry package @duckdb/node-bindings-<os>-<arch>, checks it against the pinned integrity
// hash, and places it in <repo>/.native/<rid>/. The build runs this once (see
// src/DuckDB/Lakehouse.DuckDB.csproj); afterwards it is a no-op. Nothing fetched is committed.
//
// usage: node build/duckdb-native.mjs <rid> [<output-dir>]

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const version = "1.5.6-r.1"; // libduckdb v1.5.6

// .NET runtime identifier -> npm package and the library file inside it.
// integrity: the registry's dist.integrity for that exact version. Only linux-x64 could be
// verified from this project's package source; a platform without a pinned hash is refused
// rather than fetched unchecked (add it with: npm view <package>@<version> dist.integrity).
const platforms = {
  "linux-x64": {
    pkg: "@duckdb/node-bindings-linux-x64",
    file: "libduckdb.so",
    integrity: "sha512-IXcrZJE6kEqM0Z4wwdVnGBHX/frOS33VPNAwDXQ/Q+Fs84b058Qe94chrCCIcNJlG8Y3UHIUU4eBeCQxW5mN1Q==",
  },
  "linux-arm64": { pkg: "@duckdb/node-bindings-linux-arm64", file: "libduckdb.so", integrity: null },
  "osx-arm64": { pkg: "@duckdb/node-bindings-darwin-arm64", file: "libduckdb.dylib", integrity: null },
  "osx-x64": { pkg: "@duckdb/node-bindings-darwin-x64", file: "libduckdb.dylib", integrity: null },
  "win-x64": { pkg: "@duckdb/node-bindings-win32-x64", file: "duckdb.dll", integrity: null },
};

function fail(message) {
  console.error(`duckdb-native: error: ${message}`);
  process.exit(1);
}

const rid = process.argv[2];
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const platform = platforms[rid];
if (!platform) {
  fail(`no DuckDB native package is mapped for runtime '${rid}'; supported: ${Object.keys(platforms).join(", ")}`);
}
if (!platform.integrity) {
  fail(`${platform.pkg}@${version} has no pinned integrity hash; add it to build/duckdb-native.mjs after checking it`);
}

const outDir = process.argv[3] ?? join(root, ".native", rid);
const target = join(outDir, platform.file);
const stamp = join(outDir, "stamp.txt");
const stampText = `${platform.pkg}@${version} ${platform.integrity}\n`;
if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, "utf8") === stampText) {
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "duckdb-native-"));
try {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["pack", `${platform.pkg}@${version}`, "--silent", "--pack-destination", work], {
    stdio: ["ignore", "ignore", "inherit"],
    shell: process.platform === "win32",
  });
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) fail(`npm pack produced no tarball for ${platform.pkg}@${version}`);
  const bytes = readFileSync(join(work, tarball));
  const actual = "sha512-" + createHash("sha512").update(bytes).digest("base64");
  if (actual !== platform.integrity) {
    fail(`integrity mismatch for ${platform.pkg}@${version}: expected ${platform.integrity}, got ${actual}`);
  }
  execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, `package/${platform.file}`], { stdio: "inherit" });
  // Rename into place so a concurrent or interrupted build never sees a half-written library.
  const staged = join(outDir, `${platform.file}.${process.pid}.tmp`);
  copyFileSync(join(work, "package", platform.file), staged); // tmp may be another filesystem
  renameSync(staged, target);
  writeFileSync(stamp, stampText);
  console.log(`duckdb-native: ${platform.pkg}@${version} -> ${target}`);
} catch (e) {
  fail(`could not fetch ${platform.pkg}@${version} from the npm registry: ${e.message}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
