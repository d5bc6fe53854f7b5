#!/bin/sh
# One-shot (docker-compose.yml, service temporal-setup): makes the namespace and registers the case
# workflow's search attributes. Both steps are idempotent. The same `temporal operator` commands
# register them on any other cluster (see README.md).
set -eu
: "${TEMPORAL_ADDRESS:?}"
ns="${TEMPORAL_NAMESPACE:-default}"
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do sleep 2; done
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$ns" >/dev/null 2>&1 ||
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --retention 30d
temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$ns" \
  --name CaseStatus --type Keyword \
  --name Municipality --type Keyword \
  --name ServiceCodes --type KeywordList \
  --name NextDeadline --type Datetime \
  --name Overdue --type Bool
echo "Namespace $ns has the case search attributes"
