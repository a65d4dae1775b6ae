import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/site.ts';

const config = JSON.parse(
  readFileSync(path.join(repoRoot, 'build/electron-builder.json'), 'utf8'),
) as Record<string, unknown>;

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('packaging', () => {
  it("the electron-builder config validates against electron-builder's own schema", () => {
    const schema = JSON.parse(
      readFileSync(path.join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const { $schema: _schema, ...rest } = config;
    const ok = validate(rest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it('targets Linux AppImage and deb, macOS dmg (arm64, x64, hardened), Windows nsis; sets the fuses', () => {
    expect(config).toMatchObject({
      appId: 'org.quire.app',
      productName: 'Quire',
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: [{ target: 'dmg', arch: ['arm64', 'x64'] }], hardenedRuntime: true },
      win: { target: ['nsis'] },
      electronFuses: {
        runAsNode: false,
        enableNodeCliInspectArguments: false,
        grantFileProtocolExtraPrivileges: false,
        enableEmbeddedAsarIntegrityValidation: true,
      },
    });
  });

  it('has the icon in every size the targets need', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(path.join(repoRoot, `build/icons/${size}x${size}.png`))).toEqual({
        width: size,
        height: size,
      });
    }
    expect(pngSize(path.join(repoRoot, 'build/icon.png'))).toEqual({ width: 1024, height: 1024 });
  });
});
