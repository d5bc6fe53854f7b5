// The monitoring part of docker-compose.yml: Prometheus scraping the API and the worker, Grafana
// provisioned with Prometheus and the project's dashboard. No Docker engine runs here: the files are
// read as Compose, Prometheus and Grafana would read them, and checked against each other.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULTS } from '../../config/settings';
import { REPO_ROOT } from '../support/binaries';

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  expose?: string[];
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** A service's bind mounts: the file or folder in the project, and where the container sees it. */
function mounts(name: string): Array<{ source: string; target: string }> {
  return (service(name).volumes ?? [])
    .filter((v) => v.startsWith('./'))
    .map((v) => {
      const [source = '', target = ''] = v.split(':');
      return { source: path.join(REPO_ROOT, source), target };
    });
}

/** The project file a container path comes from, through the service's bind mounts. */
function projectPath(name: string, containerPath: string): string {
  for (const { source, target } of mounts(name)) {
    if (containerPath === target) return source;
    if (containerPath.startsWith(`${target}/`)) return path.join(source, containerPath.slice(target.length + 1));
  }
  throw new Error(`${name} mounts nothing at ${containerPath}`);
}

function readYaml(file: string): any {
  return parse(readFileSync(file, 'utf8'));
}

/** The port a service of this project listens on inside the network. */
function listeningPorts(name: string): string[] {
  const s = service(name);
  if (name === 'api') return [s.environment?.PORT ?? String(DEFAULTS.port)];
  if (name === 'worker') return [s.environment?.WORKER_METRICS_PORT ?? String(DEFAULTS.workerMetricsPort)];
  if (name === 'prometheus') return ['9090'];
  return [];
}

describe('docker-compose.yml: monitoring', () => {
  it('runs Prometheus and Grafana from pinned images, with their data in volumes', () => {
    for (const name of ['prometheus', 'grafana']) {
      expect(service(name).image, name).toMatch(/^[a-z/]+:v?\d+\.\d+\.\d+$/);
    }
    expect(compose.volumes).toHaveProperty('prometheus-data');
    expect(compose.volumes).toHaveProperty('grafana-data');
    expect(service('grafana').ports).toContain('3001:3000');
    expect(service('prometheus').ports).toContain('9090:9090');
  });

  it('mounts files and folders that exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      const found = mounts(name);
      expect(found.length, name).toBeGreaterThan(0);
      for (const { source } of found) expect(existsSync(source), source).toBe(true);
    }
  });

  it('gives Prometheus a valid scrape config whose targets are every replica of the API and the worker, on the ports they listen on', () => {
    const flag = service('prometheus').command?.find((arg) => arg.startsWith('--config.file='));
    expect(flag).toBeDefined();
    const config = readYaml(projectPath('prometheus', flag!.slice('--config.file='.length)));
    // Found by name in Docker's DNS, so `--scale api=2` is scraped replica by replica.
    const jobs = config.scrape_configs as Array<{ job_name: string; metrics_path?: string; dns_sd_configs: Array<{ names: string[]; type: string; port: number }> }>;
    const targets = jobs.flatMap((job) =>
      job.dns_sd_configs.flatMap((c) => {
        expect(c.type, job.job_name).toBe('A');
        return c.names.map((name) => ({ job: job.job_name, path: job.metrics_path ?? '/metrics', target: `${name}:${c.port}` }));
      }),
    );
    expect(targets.map((t) => t.target.split(':')[0]).sort()).toEqual(['api', 'worker']);
    for (const { job, path: metricsPath, target } of targets) {
      const [host = '', port = ''] = target.split(':');
      expect(compose.services, `${job} scrapes ${host}`).toHaveProperty([host]);
      expect(listeningPorts(host), `${job}: ${target}`).toContain(port);
      expect(metricsPath).toBe('/metrics');
      expect(Object.keys(service('prometheus').depends_on ?? {}), job).toContain(host);
    }
    // The worker serves the SDK's metrics only with WORKER_METRICS_PORT: set it where Prometheus expects it.
    expect(service('worker').environment?.WORKER_METRICS_PORT).toBe('9464');
  });

  it("provisions Grafana with Prometheus as its data source and the project's dashboard", () => {
    const provisioning = projectPath('grafana', '/etc/grafana/provisioning');
    const datasourceFiles = readdirSync(path.join(provisioning, 'datasources'));
    const datasources = datasourceFiles.flatMap((f) => readYaml(path.join(provisioning, 'datasources', f)).datasources as Array<{ uid: string; type: string; url: string }>);
    const prometheus = datasources.find((d) => d.type === 'prometheus');
    expect(prometheus).toBeDefined();
    const url = new URL(prometheus!.url);
    expect(compose.services).toHaveProperty([url.hostname]);
    expect(listeningPorts(url.hostname)).toContain(url.port);

    const providers = readdirSync(path.join(provisioning, 'dashboards')).flatMap(
      (f) => readYaml(path.join(provisioning, 'dashboards', f)).providers as Array<{ type: string; options: { path: string } }>,
    );
    expect(providers).toHaveLength(1);
    const dashboardsDir = projectPath('grafana', providers[0]!.options.path);
    const files = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'));
    expect(files).toContain('case-orchestrator.json');
    const home = service('grafana').environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    expect(existsSync(projectPath('grafana', home)), home).toBe(true);

    // Every panel queries that data source.
    const dashboard = JSON.parse(readFileSync(path.join(dashboardsDir, 'case-orchestrator.json'), 'utf8'));
    const panels = (dashboard.panels as Array<{ type: string; datasource?: { uid: string }; targets?: Array<{ expr: string }> }>).filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThan(5);
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe(prometheus!.uid);
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it('has a dashboard with requests, latency, steps, letters by channel, overdue cases and worker task latency', () => {
    const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'monitoring/grafana/dashboards/case-orchestrator.json'), 'utf8'));
    const exprs = (dashboard.panels as Array<{ targets?: Array<{ expr: string }> }>).flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const needed of [
      /rate\(http_request_duration_seconds_count/,
      /histogram_quantile\(0\.95, sum by \(le, route\) \(rate\(http_request_duration_seconds_bucket/,
      /case_steps_total/,
      /sum by \(channel, status\) \(increase\(letters_delivered_total/,
      /cases_overdue/,
      /temporal_workflow_task_schedule_to_start_latency_bucket/,
      /temporal_activity_execution_latency_bucket/,
    ]) {
      expect(exprs).toMatch(needed);
    }
  });
});
