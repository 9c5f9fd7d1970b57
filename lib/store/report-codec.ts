// How full reports are stored: deflate-raw with a preset dictionary (codec 1). Reports from the
// field share their keys, their check names and most of their container images and app names;
// with a dictionary of one typical report a 4-5 KB report deflates to ~300 bytes instead of ~1,300,
// and three days of full reports for 1,000 homes (what the volume holds just before the nightly
// prune) shrink from ~380 MiB to under 100. Rows written before codec 1 (codec NULL) are plain
// deflate-raw and read as before.
//
// A codec's dictionary can never change once rows use it: a new dictionary is a new codec number
// (test/lib/store/report-codec.test.ts pins this one's digest).
import { deflate, inflate } from '../core/crypto.js'

export const PLAIN_DEFLATE = 0
export const DICTIONARY_V1 = 1

/** One typical report as a controller sends it (compact JSON), customer fields left empty. */
export const REPORT_DICTIONARY_V1 = new TextEncoder().encode(
  [
    '{"customer_id":"","timestamp":"2026-01-01T00:00:00Z","controller_version":"1.8.2","controller_ur',
    'l":"https://.felhom.eu","hostname":"felhom-","monitoring_enabled":true,"health":{"status":"warn"',
    ',"checks":[{"name":"disk_space","status":"warn","message":"/mnt/hdd1 is 83% full"},{"name":"cont',
    'ainers","status":"ok","message":"14 of 14 running"},{"name":"backups","status":"ok","message":"l',
    'ast backup 2h ago"},{"name":"smart","status":"ok","message":"all drives passed"},{"name":"temper',
    'ature","status":"ok","message":"CPU 47 C"}]},"system":{"os":"Debian GNU/Linux 12 (bookworm)","ke',
    'rnel":"6.1.0-27-amd64","arch":"amd64","uptime_seconds":1893422,"load1":0.42,"load5":0.37,"load15',
    '":0.31,"cpu_count":4,"cpu_percent":7.8,"memory_total_bytes":16668139520,"memory_used_bytes":6912',
    '458752,"swap_total_bytes":1023406080,"swap_used_bytes":10485760,"temperature_c":47},"storage":[{',
    '"label":"system","device":"/dev/nvme0n1p2","uuid":"00000000-0000-4000-8000-000000000000","mount"',
    ':"/","fstype":"ext4","total_bytes":250059350016,"used_bytes":48318382080,"smart_status":"ok"},{"',
    'label":"hdd1","device":"/dev/sda1","uuid":"00000000-0000-4000-8000-000000000000","mount":"/mnt/h',
    'dd1","fstype":"ext4","total_bytes":3000592982016,"used_bytes":2490492174336,"smart_status":"ok"}',
    ',{"label":"hdd2","device":"/dev/sdb1","uuid":"00000000-0000-4000-8000-000000000000","mount":"/mn',
    't/hdd2","fstype":"ext4","total_bytes":3000592982016,"used_bytes":1210612080640,"smart_status":"o',
    'k"}],"containers":[{"name":"felhom-controller","image":"gitea.dooplex.hu/admin/felhom-controller',
    ':v1.8.2","state":"running","health":"healthy","restarts":0,"stack":"system"},{"name":"traefik","',
    'image":"traefik:v3.1","state":"running","health":"none","restarts":0,"stack":"system"},{"name":"',
    'cloudflared","image":"cloudflare/cloudflared:2024.10.0","state":"running","health":"none","resta',
    'rts":1,"stack":"system"},{"name":"nextcloud-app","image":"nextcloud:29.0.8-apache","state":"runn',
    'ing","health":"healthy","restarts":0,"stack":"nextcloud"},{"name":"nextcloud-db","image":"postgr',
    'es:16-alpine","state":"running","health":"healthy","restarts":0,"stack":"nextcloud"},{"name":"ne',
    'xtcloud-redis","image":"redis:7-alpine","state":"running","health":"healthy","restarts":0,"stack',
    '":"nextcloud"},{"name":"nextcloud-cron","image":"nextcloud:29.0.8-apache","state":"running","hea',
    'lth":"none","restarts":0,"stack":"nextcloud"},{"name":"immich-server","image":"ghcr.io/immich-ap',
    'p/immich-server:v1.119.1","state":"running","health":"healthy","restarts":0,"stack":"immich"},{"',
    'name":"immich-machine-learning","image":"ghcr.io/immich-app/immich-machine-learning:v1.119.1","s',
    'tate":"running","health":"healthy","restarts":0,"stack":"immich"},{"name":"immich-db","image":"t',
    'ensorchord/pgvecto-rs:pg14-v0.2.0","state":"running","health":"healthy","restarts":0,"stack":"im',
    'mich"},{"name":"immich-redis","image":"redis:7-alpine","state":"running","health":"healthy","res',
    'tarts":0,"stack":"immich"},{"name":"jellyfin","image":"jellyfin/jellyfin:10.10.1","state":"runni',
    'ng","health":"healthy","restarts":0,"stack":"jellyfin"},{"name":"vaultwarden","image":"vaultward',
    'en/server:1.32.3","state":"running","health":"healthy","restarts":0,"stack":"vaultwarden"},{"nam',
    'e":"homeassistant","image":"ghcr.io/home-assistant/home-assistant:2024.11","state":"running","he',
    'alth":"none","restarts":2,"stack":"homeassistant"}],"apps":[{"name":"nextcloud","display_name":"',
    'Nextcloud","version":"29.0.8","hdd_path":"/mnt/hdd1/nextcloud"},{"name":"immich","display_name":',
    '"Immich fot\u00f3k","version":"1.119.1","hdd_path":"/mnt/hdd1/immich"},{"name":"jellyfin","display_na',
    'me":"Jellyfin m\u00e9dia","version":"10.10.1","hdd_path":"/mnt/hdd2/media"},{"name":"vaultwarden","di',
    'splay_name":"Jelsz\u00f3kezel\u0151","version":"1.32.3","hdd_path":"/mnt/hdd1/vaultwarden"},{"name":"homea',
    'ssistant","display_name":"Okosotthon","version":"2024.11.1","hdd_path":"/mnt/hdd1/homeassistant"',
    '}],"backups":{"backup_enabled":true,"dbdump_enabled":true,"last_backup_at":"2026-11-29T02:00:41Z',
    '","last_backup_status":"ok","last_backup_duration_seconds":812,"last_dbdump_at":"2026-11-29T01:3',
    '0:12Z","last_dbdump_status":"ok","last_crossdrive_at":"2026-11-29T03:10:05Z","last_crossdrive_st',
    'atus":"ok","repository_size_bytes":412316860416,"snapshot_count":38}}',
  ].join(''),
)

/** The dictionary a codec compresses with; undefined for plain deflate-raw. */
export function dictionaryOf(codec: number | null): Uint8Array | undefined {
  if (codec === null || codec === PLAIN_DEFLATE) return undefined
  if (codec === DICTIONARY_V1) return REPORT_DICTIONARY_V1
  throw new Error(`unknown report codec ${codec}`)
}

/** A report body as ingest stores it. `compress` is the Env's deflate when it has one (Node: zlib). */
export async function encodeReportBody(
  raw: Uint8Array,
  compress: (data: Uint8Array, dictionary?: Uint8Array) => Promise<Uint8Array> = deflate,
): Promise<{ body: Uint8Array; codec: number }> {
  return { body: await compress(raw, REPORT_DICTIONARY_V1), codec: DICTIONARY_V1 }
}

export async function decodeReportBody(body: Uint8Array, codec: number | null): Promise<Uint8Array> {
  return inflate(body, dictionaryOf(codec))
}
