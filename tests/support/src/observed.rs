//! What the real az 2.91.0 printed for the seed walkthrough's `aks create` (copied from
//! `spec/reference/az-walkthrough-output.txt`), shared by the tests that compare with it.

/// stdout of `az aks create -g MyResourceGroup -n MyManagedCluster --enable-managed-identity
/// --generate-ssh-keys`.
pub const AKS_CREATE_STDOUT: &str = r#"{
  "aadProfile": null,
  "addonProfiles": {},
  "agentPoolProfiles": [
    {
      "artifactStreamingProfile": null,
      "availabilityZones": null,
      "capacityReservationGroupId": null,
      "count": 3,
      "creationData": null,
      "currentOrchestratorVersion": "1.32.7",
      "eTag": null,
      "enableAutoScaling": false,
      "enableEncryptionAtHost": false,
      "enableFips": false,
      "enableNodePublicIp": false,
      "enableUltraSsd": false,
      "gatewayProfile": null,
      "gpuInstanceProfile": null,
      "gpuProfile": null,
      "hostGroupId": null,
      "kubeletConfig": null,
      "kubeletDiskType": "OS",
      "linuxOsConfig": null,
      "localDnsProfile": null,
      "maxCount": null,
      "maxPods": 250,
      "messageOfTheDay": null,
      "minCount": null,
      "mode": "System",
      "name": "nodepool1",
      "networkProfile": null,
      "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202510.03.0",
      "nodeLabels": null,
      "nodePublicIpPrefixId": null,
      "nodeTaints": [],
      "orchestratorVersion": "1.32.7",
      "osDiskSizeGb": 128,
      "osDiskType": "Ephemeral",
      "osSku": "Ubuntu",
      "osType": "Linux",
      "podIpAllocationMode": null,
      "podSubnetId": null,
      "powerState": {
        "code": "Running"
      },
      "provisioningState": "Succeeded",
      "proximityPlacementGroupId": null,
      "scaleDownMode": "Delete",
      "scaleSetEvictionPolicy": null,
      "scaleSetPriority": "Regular",
      "securityProfile": {
        "enableSecureBoot": false,
        "enableVtpm": false,
        "sshAccess": null
      },
      "spotMaxPrice": null,
      "status": null,
      "tags": null,
      "type": "VirtualMachineScaleSets",
      "upgradeSettings": {
        "drainTimeoutInMinutes": null,
        "maxSurge": "10%",
        "maxUnavailable": "0",
        "nodeSoakDurationInMinutes": null,
        "undrainableNodeBehavior": null
      },
      "virtualMachineNodesStatus": null,
      "virtualMachinesProfile": null,
      "vmSize": "Standard_D8ds_v5",
      "vnetSubnetId": null,
      "windowsProfile": null,
      "workloadRuntime": null
    }
  ],
  "aiToolchainOperatorProfile": null,
  "apiServerAccessProfile": null,
  "autoScalerProfile": null,
  "autoUpgradeProfile": {
    "nodeOsUpgradeChannel": "NodeImage",
    "upgradeChannel": null
  },
  "azureMonitorProfile": null,
  "azurePortalFqdn": "mymanagedc-myresourcegroup-000000-e82f9fe2.portal.hcp.westus2.azmk8s.io",
  "bootstrapProfile": {
    "artifactSource": "Direct",
    "containerRegistryId": null
  },
  "currentKubernetesVersion": "1.32.7",
  "disableLocalAccounts": false,
  "diskEncryptionSetId": null,
  "dnsPrefix": "MyManagedC-MyResourceGroup-000000",
  "eTag": "0028739241e8445b",
  "enableRbac": true,
  "extendedLocation": null,
  "fqdn": "mymanagedc-myresourcegroup-000000-e82f9fe2.hcp.westus2.azmk8s.io",
  "fqdnSubdomain": null,
  "hostedSystemProfile": null,
  "httpProxyConfig": null,
  "id": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MyResourceGroup/providers/Microsoft.ContainerService/managedClusters/MyManagedCluster",
  "identity": {
    "delegatedResources": null,
    "principalId": "432fba3a-5b4b-53a0-9e1c-4e1e53ba8a3c",
    "tenantId": "00000000-0000-4000-8000-00000000face",
    "type": "SystemAssigned",
    "userAssignedIdentities": null
  },
  "identityProfile": {
    "kubeletidentity": {
      "clientId": "b87b60c7-b7e6-537e-b53e-45e04ce047f5",
      "objectId": "7dc72aa5-6c0d-5964-a782-6eb020df1317",
      "resourceId": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MC_MyResourceGroup_MyManagedCluster_westus2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MyManagedCluster-agentpool"
    }
  },
  "ingressProfile": null,
  "kind": "Base",
  "kubernetesVersion": "1.32.7",
  "linuxProfile": {
    "adminUsername": "azureuser",
    "ssh": {
      "publicKeys": [
        {
          "keyData": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCdl/asyIphdIY61vnmKayN95a74i+gJE9uPdjcABiKC6lTftUQH1CMrlU/cyLe0eT6L5T6xQ3Xyzc4TNzCEkxTl+uT+VKSkOMQdFomwsv5vcfBpRQO83AYuFCPDBaBs2TXYcuPaD0kQWAZm+2PoEQmxIpc6+AskwiGEdjbp5kpxFUTTsICqQ3bjfrpNFhNQ5M9vz2EyBofKXzdynYWM/7sGL6P1cjwAdXudUM6yZNFyQd170FtwBFmkYV56ftfA3HeLPUiLYGIpiaWlFIFD5JbAm+Fewd2fycrVRWkiPCuzhQq7lkZd/We1EaWeQO/y99Dzi+9bPRfn1gwPbE2NPC3"
        }
      ]
    }
  },
  "location": "westus2",
  "maxAgentPools": 100,
  "metricsProfile": {
    "costAnalysis": {
      "enabled": false
    }
  },
  "name": "MyManagedCluster",
  "networkProfile": {
    "advancedNetworking": null,
    "dnsServiceIp": "10.0.0.10",
    "ipFamilies": [
      "IPv4"
    ],
    "loadBalancerProfile": {
      "allocatedOutboundPorts": null,
      "backendPoolType": "nodeIPConfiguration",
      "effectiveOutboundIPs": [
        {
          "id": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MC_MyResourceGroup_MyManagedCluster_westus2/providers/Microsoft.Network/publicIPAddresses/00000000-0000-0000-0000-0000e82f9fe2",
          "resourceGroup": "MC_MyResourceGroup_MyManagedCluster_westus2"
        }
      ],
      "enableMultipleStandardLoadBalancers": null,
      "idleTimeoutInMinutes": null,
      "managedOutboundIPs": {
        "count": 1,
        "countIpv6": null
      },
      "outboundIPs": null,
      "outboundIpPrefixes": null
    },
    "loadBalancerSku": "standard",
    "natGatewayProfile": null,
    "networkDataplane": "azure",
    "networkMode": null,
    "networkPlugin": "azure",
    "networkPluginMode": "overlay",
    "networkPolicy": "none",
    "outboundType": "loadBalancer",
    "podCidr": "10.244.0.0/16",
    "podCidrs": [
      "10.244.0.0/16"
    ],
    "serviceCidr": "10.0.0.0/16",
    "serviceCidrs": [
      "10.0.0.0/16"
    ],
    "staticEgressGatewayProfile": null
  },
  "nodeProvisioningProfile": null,
  "nodeResourceGroup": "MC_MyResourceGroup_MyManagedCluster_westus2",
  "nodeResourceGroupProfile": null,
  "oidcIssuerProfile": {
    "enabled": false,
    "issuerUrl": null
  },
  "podIdentityProfile": null,
  "powerState": {
    "code": "Running"
  },
  "privateFqdn": null,
  "privateLinkResources": null,
  "provisioningState": "Succeeded",
  "publicNetworkAccess": null,
  "resourceGroup": "MyResourceGroup",
  "resourceUid": "e82f9fe2e82f9fe2e82f9fe2",
  "schedulerProfile": null,
  "securityProfile": {
    "azureKeyVaultKms": null,
    "customCaTrustCertificates": null,
    "defender": null,
    "imageCleaner": null,
    "workloadIdentity": null
  },
  "serviceMeshProfile": null,
  "servicePrincipalProfile": {
    "clientId": "msi",
    "secret": null
  },
  "sku": {
    "name": "Base",
    "tier": "Free"
  },
  "status": null,
  "storageProfile": {
    "blobCsiDriver": null,
    "diskCsiDriver": {
      "enabled": true
    },
    "fileCsiDriver": {
      "enabled": true
    },
    "snapshotController": {
      "enabled": true
    }
  },
  "supportPlan": "KubernetesOfficial",
  "systemData": null,
  "tags": null,
  "type": "Microsoft.ContainerService/ManagedClusters",
  "upgradeSettings": null,
  "windowsProfile": null,
  "workloadAutoScalerProfile": {
    "keda": null,
    "verticalPodAutoscaler": null
  }
}
"#;
