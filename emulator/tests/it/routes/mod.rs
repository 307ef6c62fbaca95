//! Route-level tests of the emulator core, one module per resource type: each route, error
//! code and state transition, by calling `handle` directly with a controlled clock (`Emu`
//! below, shared by every module).

mod aks;
mod aks_credentials;
mod arm;
mod determinism;
mod graph;
mod groups;
mod identity_authz;
mod lro;
mod network_acr;
mod policy_token;
mod providers;
mod tokens;

use std::time::{Duration, SystemTime};

use azrs_emulator::core::{
    AUDIENCE_EXCHANGE, Request, Response, Settings, State, arm_token, github_oidc_token, handle,
    issue_token, verify_token, workload_token,
};
use base64::Engine;
use serde_json::{Value, json};

const BASE: &str = "https://127.0.0.1:8443";
const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
const TENANT: &str = "00000000-0000-4000-8000-00000000face";
const AKS: &str = "api-version=2026-06-01";
const RES: &str = "api-version=2024-11-01";
const FEAT: &str = "api-version=2021-07-01";

struct Emu {
    state: State,
    settings: Settings,
    now: SystemTime,
}

impl Emu {
    fn new() -> Self {
        Emu::with(|_| {})
    }

    fn with(tweak: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings::new(BASE);
        tweak(&mut settings);
        Emu {
            state: State::default(),
            settings,
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000),
        }
    }

    fn send(&mut self, req: Request) -> Response {
        handle(&mut self.state, &self.settings, self.now, &req)
    }

    fn call(&mut self, method: &str, path: &str, body: Option<Value>) -> Response {
        let token = arm_token(&self.settings, self.now);
        let mut req = Request::new(method, &path.replace("{sub}", SUB)).bearer(&token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.send(req)
    }

    fn get(&mut self, path: &str) -> Response {
        self.call("GET", path, None)
    }

    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
    }

    /// Follows an absolute URL from a header or `nextLink`.
    fn follow(&mut self, url: &str) -> Response {
        let path = url.strip_prefix(BASE).expect("URLs point at the emulator");
        self.get(path)
    }

    fn register_aks(&mut self) {
        let r = self.call(
            "POST",
            &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/register?{RES}"),
            None,
        );
        assert_eq!(r.status, 200);
    }

    fn group(&mut self, name: &str) {
        let r = self.call(
            "PUT",
            &format!("/subscriptions/{{sub}}/resourcegroups/{name}?{RES}"),
            Some(json!({"location": "westus2"})),
        );
        assert!(
            r.status == 201 || r.status == 200,
            "group create: {}",
            r.status
        );
    }

    fn create_cluster(&mut self, rg: &str, name: &str) -> Response {
        self.call(
            "PUT",
            &cluster_path(rg, name),
            Some(cluster_body(&format!("{name}-dns"))),
        )
    }

    /// Polls the Azure-AsyncOperation URL of `resp` until it is terminal; returns the polls.
    fn finish(&mut self, resp: &Response) -> Vec<Response> {
        let url = resp
            .header("Azure-AsyncOperation")
            .expect("LRO answer carries Azure-AsyncOperation")
            .to_string();
        let mut polls = Vec::new();
        for _ in 0..10 {
            let r = self.follow(&url);
            let done = r.json()["status"] != "InProgress";
            polls.push(r);
            if done {
                return polls;
            }
        }
        panic!("operation never finished");
    }
}

fn cluster_path(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{{sub}}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}?{AKS}"
    )
}

fn cluster_body(dns: &str) -> Value {
    json!({
        "location": "westus2",
        "properties": {
            "agentPoolProfiles": [{"name": "nodepool1", "orchestratorVersion": "", "vmSize": "",
                "osType": "Linux", "count": 3, "mode": "System", "type": "VirtualMachineScaleSets",
                "upgradeSettings": {}}],
            "kubernetesVersion": "",
            "dnsPrefix": dns,
            "enableRBAC": true,
            "disableLocalAccounts": false,
            "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}},
            "networkProfile": {"loadBalancerSku": "standard", "outboundType": "loadBalancer"}
        },
        "identity": {"type": "SystemAssigned"},
        "sku": {"name": "Base", "tier": "Free"}
    })
}

fn err_code(r: &Response) -> String {
    r.json()["error"]["code"].as_str().unwrap_or("").to_string()
}
