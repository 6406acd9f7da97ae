import { describe, expect, it } from 'vitest';
import { normalizeZeek, zeekField, zeekLogOf } from './normalize-zeek.js';

const normalize = (record: Record<string, unknown>, hint?: string) => {
  const result = normalizeZeek(record, 'UTC', hint);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

const conn = {
  ts: 1588205198.89971,
  uid: 'CbD9Ha1JtdoSnfM4Mf',
  'id.orig_h': '10.0.1.4',
  'id.orig_p': 60595,
  'id.resp_h': '10.0.0.4',
  'id.resp_p': 445,
  proto: 'tcp',
  service: 'smb',
  conn_state: 'RSTO',
  orig_bytes: 4060,
  resp_bytes: 1681,
};

describe('normalizeZeek', () => {
  it('reads the connection 4-tuple written dotted, nested or with underscores (RockNSM)', () => {
    const nested = {
      ts: conn.ts,
      uid: conn.uid,
      id: { orig_h: '10.0.1.4', orig_p: 60595, resp_h: '10.0.0.4', resp_p: 445 },
    };
    const underscored = {
      ts: conn.ts,
      uid: conn.uid,
      id_orig_h: '10.0.1.4',
      id_orig_p: 60595,
      id_resp_h: '10.0.0.4',
      id_resp_p: 445,
    };
    for (const record of [conn, nested, underscored]) {
      expect(normalize(record, 'conn')).toMatchObject({
        sourceIp: '10.0.1.4',
        sourcePort: 60595,
        destinationIp: '10.0.0.4',
        destinationPort: 445,
      });
    }
    expect(zeekField({ 'certificate.subject': 'a' }, 'certificate.subject')).toBe('a');
  });

  it('reads ts in epoch seconds with its fraction, in milliseconds, and as ISO 8601', () => {
    expect(normalize(conn).time.epochMs).toBe(1588205198899);
    expect(normalize({ ...conn, ts: 1588205198899 }).time.epochMs).toBe(1588205198899);
    expect(normalize({ ...conn, ts: '2020-04-30T00:06:38.899710Z' }).time.epochMs).toBe(1588205198899);
    expect(normalizeZeek({ uid: 'x' }, 'UTC')).toEqual({ ok: false, reason: 'no "ts" in the Zeek record' });
  });

  it('names the log from _path, @stream, the file-name hint, or the fields present', () => {
    expect(zeekLogOf({ _path: 'dns' })).toBe('dns');
    expect(zeekLogOf({ '@stream': 'kerberos' })).toBe('kerberos');
    expect(zeekLogOf({}, 'smb_files')).toBe('smb_files');
    expect(zeekLogOf(conn)).toBe('conn');
    expect(zeekLogOf({ query: 'a', qtype_name: 'A' })).toBe('dns');
    expect(zeekLogOf({ ts: 1 })).toBeUndefined();
    expect(normalize({ ts: 1 }).dataset).toBe('zeek.unknown');
  });

  it('describes a connection by protocol, service, peers, state and bytes', () => {
    const event = normalize(conn);
    expect(event).toMatchObject({ dataset: 'zeek.conn', category: 'network', provider: 'zeek' });
    expect(event.message).toBe('tcp/smb 10.0.1.4:60595 → 10.0.0.4:445 RSTO, 4060/1681 bytes');
    expect(event.labels).toMatchObject({ uid: 'CbD9Ha1JtdoSnfM4Mf', conn_state: 'RSTO' });
  });

  it('describes DNS, HTTP, TLS and Kerberos records by what was asked and answered', () => {
    const dns = normalize({
      ...conn,
      _path: 'dns',
      query: 'evil.example',
      qtype_name: 'A',
      rcode_name: 'NOERROR',
      answers: ['203.0.113.5'],
    });
    expect(dns).toMatchObject({
      dnsQuestion: 'evil.example',
      message: 'DNS A evil.example → NOERROR: 203.0.113.5',
    });
    const http = normalize({
      ...conn,
      _path: 'http',
      method: 'GET',
      host: 'evil.example',
      uri: '/stage2.ps1',
      status_code: 200,
      user_agent: 'curl',
    });
    expect(http).toMatchObject({
      action: 'GET',
      url: 'http://evil.example/stage2.ps1',
      message: 'HTTP GET evil.example/stage2.ps1 → 200',
    });
    const tls = normalize({
      ...conn,
      _path: 'ssl',
      version: 'TLSv12',
      server_name: 'c2.example',
      established: false,
    });
    expect(tls.message).toBe('TLS TLSv12 c2.example (not established)');
    const kerberos = normalize({
      ...conn,
      _path: 'kerberos',
      request_type: 'AS',
      client: 'pbeesly/DMEVALS.LOCAL',
      service: 'krbtgt/DMEVALS.LOCAL',
      success: false,
      error_msg: 'KDC_ERR_PREAUTH_REQUIRED',
    });
    expect(kerberos).toMatchObject({
      userName: 'pbeesly',
      userDomain: 'DMEVALS.LOCAL',
      outcome: 'failure',
      category: 'authentication',
    });
    expect(kerberos.message).toBe(
      'Kerberos AS pbeesly/DMEVALS.LOCAL → krbtgt/DMEVALS.LOCAL failed: KDC_ERR_PREAUTH_REQUIRED',
    );
  });

  it('describes files, SMB, DCE-RPC, notices, weirds, certificates and PE headers', () => {
    const file = normalize({
      ts: 1,
      fuid: 'F1',
      tx_hosts: ['10.0.0.4'],
      rx_hosts: ['10.0.1.4'],
      source: 'SMB',
      filename: 'payload.exe',
      mime_type: 'application/x-dosexec',
      total_bytes: 73802,
      sha256: 'cd'.repeat(32),
    });
    expect(file).toMatchObject({
      dataset: 'zeek.files',
      filePath: 'payload.exe',
      fileHash: 'cd'.repeat(32),
      sourceIp: '10.0.0.4',
      destinationIp: '10.0.1.4',
    });
    expect(file.message).toBe('File payload.exe (application/x-dosexec), 73802 bytes over SMB');
    expect(
      normalize({
        ...conn,
        _path: 'smb_files',
        action: 'SMB::FILE_OPEN',
        path: '\\\\NASHUA\\C$',
        name: 'Windows\\Temp\\x.exe',
      }).filePath,
    ).toBe('\\\\NASHUA\\C$\\Windows\\Temp\\x.exe');
    expect(
      normalize({
        ...conn,
        _path: 'dce_rpc',
        endpoint: 'samr',
        operation: 'SamrConnect5',
        named_pipe: '\\pipe\\lsass',
      }).message,
    ).toBe('DCE-RPC samr::SamrConnect5 via \\pipe\\lsass 10.0.1.4:60595 → 10.0.0.4:445');
    expect(
      normalize({
        ts: 1,
        _path: 'notice',
        note: 'Scan::Port_Scan',
        msg: '10.0.0.9 scanned 20 ports',
        src: '10.0.0.9',
      }),
    ).toMatchObject({ kind: 'alert', action: 'Scan::Port_Scan', sourceIp: '10.0.0.9' });
    expect(normalize({ ts: 1, name: 'truncated_IP', notice: false, peer: 'zeek' }).message).toBe(
      'Weird truncated_IP',
    );
    const x509 = normalize({
      '@stream': 'x509',
      ts: 1,
      id: 'Fdy',
      certificate_subject: 'CN=conn.sons.info',
      certificate_issuer: 'CN=conn.sons.info',
    });
    expect(x509.message).toBe('X.509 certificate CN=conn.sons.info issued by CN=conn.sons.info');
    expect(
      normalize({
        ts: 1,
        id: 'FV8',
        machine: 'AMD64',
        compile_ts: 1536071929.0,
        os: 'Windows XP x64',
        is_exe: true,
      }).message,
    ).toBe('PE AMD64 Windows XP x64 executable');
  });
});
