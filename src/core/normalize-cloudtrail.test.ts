import { describe, expect, it } from 'vitest';
import { isIpAddress, normalizeCloudTrail } from './normalize-cloudtrail.js';

const base = {
  eventVersion: '1.08',
  eventTime: '2024-03-01T10:15:30Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.0 Python/3.11',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    accessKeyId: 'AKIAEXAMPLE',
    userName: 'alice',
  },
  requestParameters: { bucketName: 'evidence-bucket', key: 'exports/db.sql.gz' },
  readOnly: true,
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
  eventID: 'e1',
};

const normalize = (record: Record<string, unknown>) => {
  const result = normalizeCloudTrail(record, 'UTC', 'raw');
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

describe('normalizeCloudTrail', () => {
  it('maps eventTime, eventName, eventSource, sourceIPAddress, the IAM user and the S3 object', () => {
    const event = normalize(base);
    expect(event).toMatchObject({
      time: { epochMs: Date.UTC(2024, 2, 1, 10, 15, 30), assumed: false },
      action: 'GetObject',
      provider: 's3.amazonaws.com',
      dataset: 'aws.cloudtrail',
      outcome: 'success',
      type: 'access',
      userName: 'alice',
      sourceIp: '198.51.100.7',
      url: 's3://evidence-bucket/exports/db.sql.gz',
      filePath: 'exports/db.sql.gz',
    });
    expect(event.labels).toMatchObject({
      region: 'eu-west-1',
      account_id: '111122223333',
      user_type: 'IAMUser',
      access_key_id: 'AKIAEXAMPLE',
      user_agent: 'aws-cli/2.15.0 Python/3.11',
      read_only: 'true',
    });
    expect(event.message).toBe(
      'GetObject by alice from 198.51.100.7 on s3.amazonaws.com (s3://evidence-bucket/exports/db.sql.gz)',
    );
  });

  it('marks a call with an errorCode as failed and says why', () => {
    const event = normalize({ ...base, errorCode: 'AccessDenied', errorMessage: 'Access Denied' });
    expect(event.outcome).toBe('failure');
    expect(event.labels).toMatchObject({ error_code: 'AccessDenied', error_message: 'Access Denied' });
    expect(event.message).toMatch(/failed: AccessDenied$/);
  });

  it('reads a console login failure from responseElements', () => {
    const event = normalize({
      ...base,
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      responseElements: { ConsoleLogin: 'Failure' },
    });
    expect(event).toMatchObject({ outcome: 'failure', category: 'authentication' });
  });

  it('keeps service names such as "AWS Internal" out of the source IP, as a label', () => {
    const event = normalize({ ...base, sourceIPAddress: 'AWS Internal' });
    expect(event.sourceIp).toBeUndefined();
    expect(event.labels?.source).toBe('AWS Internal');
    expect(normalize({ ...base, sourceIPAddress: 'ec2.amazonaws.com' }).sourceIp).toBeUndefined();
    expect(normalize({ ...base, sourceIPAddress: '2001:db8::1' }).sourceIp).toBe('2001:db8::1');
  });

  it('names an assumed role by role and session, the root user as root, a service by its name', () => {
    const role = normalize({
      ...base,
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/IncidentResponder/bob@example.com',
        sessionContext: {
          sessionIssuer: { userName: 'IncidentResponder' },
          attributes: { mfaAuthenticated: 'true' },
        },
      },
    });
    expect(role.userName).toBe('IncidentResponder/bob@example.com');
    expect(role.labels?.mfa_authenticated).toBe('true');
    expect(normalize({ ...base, userIdentity: { type: 'Root', arn: 'arn:aws:iam::1:root' } }).userName).toBe(
      'root',
    );
    expect(
      normalize({ ...base, userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' } })
        .userName,
    ).toBe('cloudtrail.amazonaws.com');
  });

  it('takes @timestamp when Logstash removed eventTime, and fails without any time', () => {
    const { eventTime: _, ...rest } = base;
    expect(normalize({ ...rest, '@timestamp': '2020-09-14T00:44:23.000Z' }).time.epochMs).toBe(
      Date.UTC(2020, 8, 14, 0, 44, 23),
    );
    const failed = normalizeCloudTrail(rest, 'UTC', 'raw');
    expect(failed).toEqual({ ok: false, reason: 'no "eventTime" (or "@timestamp") in the record' });
  });

  it('reads S3 event notifications, which share the Records shape', () => {
    const event = normalize({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2024-03-01T10:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '203.0.113.9' },
      s3: { bucket: { name: 'drop' }, object: { key: 'payload.zip' } },
    });
    expect(event).toMatchObject({
      dataset: 'aws.s3',
      sourceIp: '203.0.113.9',
      url: 's3://drop/payload.zip',
      userName: 'AWS:AIDAEXAMPLE',
    });
    expect(event.outcome).toBeUndefined();
  });

  it('tells IP addresses from other text', () => {
    expect(['10.0.0.1', '255.255.255.255', '::1', 'fe80::1%eth0', '::ffff:1.2.3.4'].every(isIpAddress)).toBe(
      true,
    );
    expect(['AWS Internal', '256.1.1.1', 's3.amazonaws.com', '1.2.3', 'dead:beef'].some(isIpAddress)).toBe(
      false,
    );
  });
});
