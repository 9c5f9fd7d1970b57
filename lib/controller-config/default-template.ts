// The built-in controller.yaml template (a copy of felhom-controller's controller.yaml.example),
// used until the template-refresh job has fetched the current one from Gitea.
export const DEFAULT_TEMPLATE = `# felhom-controller configuration
# Generated per customer by felhom-hub; values left empty here are filled in by the hub.

customer:
  id: ""                      # customer identifier (set by the hub)
  name: ""                    # display name
  domain: ""                  # public domain, e.g. kovacs-csalad.felhom.eu
  language: "hu"

server:
  listen: ":8090"
  session_secret: ""          # random per customer (set by the hub)
  trusted_proxies: ["127.0.0.1/32"]

hub:
  url: "https://hub.felhom.eu"
  api_key: ""                 # per-customer API key (set by the hub)
  report_interval: "15m"
  infra_backup_interval: "24h"

tunnel:
  provider: "cloudflare"
  token: ""                   # infrastructure token

registry:
  image: "gitea.dooplex.hu/admin/felhom-controller"
  username: ""
  token: ""
  auto_update: false

monitoring:
  enabled: true
  disk_warn_percent: 80
  disk_critical_percent: 90
  temperature_warn_c: 70
  container_restart_threshold: 5
  # Deprecated: ping monitoring replaced by hub events.
  healthchecks:
    base_url: "https://hc-ping.com"
    report_uuid: ""
    backup_uuid: ""
    dbdump_uuid: ""

backup:
  enabled: true
  schedule: "02:00"
  dbdump_enabled: true
  dbdump_schedule: "01:30"
  crossdrive_enabled: true
  crossdrive_schedule: "03:00"
  retention:
    daily: 7
    weekly: 4
    monthly: 6

meta:
  generated_at: ""            # volatile: written by whoever produced the file
  applied_at: ""              # volatile: written by the controller
`
