{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "appliance.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release name, plus the chart name unless the release name contains it. */}}
{{- define "appliance.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "appliance.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "appliance.selectorLabels" -}}
app.kubernetes.io/name: {{ include "appliance.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "appliance.labels" -}}
helm.sh/chart: {{ include "appliance.chart" . }}
{{ include "appliance.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "appliance.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Name of the PersistentVolumeClaim mounted on /data. */}}
{{- define "appliance.pvcName" -}}
{{- .Values.persistence.existingClaim | default (printf "%s-data" (include "appliance.fullname" .)) }}
{{- end }}

{{/* Secret holding the key ring ("" when the key ring lives in /data). */}}
{{- define "appliance.keystoreSecretName" -}}
{{- if .Values.keystore.existingSecret }}
{{- .Values.keystore.existingSecret }}
{{- else if .Values.keystore.create }}
{{- printf "%s-keystore" (include "appliance.fullname" .) }}
{{- end }}
{{- end }}

{{- define "appliance.keystoreSecretKey" -}}
{{- if .Values.keystore.existingSecret }}
{{- .Values.keystore.existingSecretKey | default "keyring.json" }}
{{- else }}
{{- print "keyring.json" }}
{{- end }}
{{- end }}

{{/* Secret holding the PostgreSQL connection string of the metadata store. */}}
{{- define "appliance.metadataSecretName" -}}
{{- .Values.metadata.postgres.existingSecret | default (printf "%s-metadata" (include "appliance.fullname" .)) }}
{{- end }}

{{- define "appliance.metadataSecretKey" -}}
{{- if .Values.metadata.postgres.existingSecret }}
{{- .Values.metadata.postgres.existingSecretKey | default "connection-string" }}
{{- else }}
{{- print "connection-string" }}
{{- end }}
{{- end }}

{{/* Fails early on values that cannot work. */}}
{{- define "appliance.validate" -}}
{{- $provider := .Values.metadata.provider | default "Sqlite" }}
{{- if not (has $provider (list "Sqlite" "Postgres")) }}
{{- fail (printf "metadata.provider must be Sqlite or Postgres, not %q" $provider) }}
{{- end }}
{{- if and (eq $provider "Postgres") (not .Values.metadata.postgres.existingSecret) (not .Values.metadata.postgres.connectionString) }}
{{- fail "metadata.provider=Postgres needs metadata.postgres.connectionString or metadata.postgres.existingSecret" }}
{{- end }}
{{- if and (eq $provider "Sqlite") (gt (int .Values.replicaCount) 1) }}
{{- fail "the Sqlite metadata store supports one replica only (replicaCount: 1)" }}
{{- end }}
{{- end }}
