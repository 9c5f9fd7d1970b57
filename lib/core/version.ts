// The hub's release, reported in the start-up log line and on /healthz. It follows the Go hub's
// numbering (0.3.1 was the last Go release). package.json, the image label in Dockerfile and the
// image tag in k8s/deployment.yaml carry the same number; test/ship/version.test.ts holds them together.
export const HUB_VERSION = '0.4.0'
