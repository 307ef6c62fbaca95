//! Resource groups: create/update keeping the first casing, location conflicts, name and body
//! validation, HEAD, PATCH of tags, tag filters and paging, and delete cascading to clusters.

use super::*;

// ---------------------------------------------------------------- resource groups

#[test]
fn group_put_creates_then_updates_and_keeps_first_casing() {
    let mut e = Emu::new();
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/myResourceGroup?{RES}"),
        Some(json!({"location": "West US 2", "tags": {"a": "b"}})),
    );
    assert_eq!(r.status, 201);
    assert_eq!(
        r.json(),
        json!({"id": format!("/subscriptions/{SUB}/resourceGroups/myResourceGroup"), "name": "myResourceGroup",
               "type": "Microsoft.Resources/resourceGroups", "location": "westus2", "tags": {"a": "b"},
               "properties": {"provisioningState": "Succeeded"}})
    );
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/MYRESOURCEGROUP?{RES}"),
        Some(json!({"location": "westus2", "managedBy": "me"})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["name"], "myResourceGroup");
    assert_eq!(r.json()["managedBy"], "me");
    assert!(r.json().get("tags").is_none(), "PUT replaces tags");
    let g = e.get(&format!(
        "/subscriptions/{{sub}}/resourceGroups/MyResourceGroup?{RES}"
    ));
    assert_eq!(g.status, 200);
    assert_eq!(g.json()["name"], "myResourceGroup");
}

#[test]
fn group_put_with_another_location_is_409() {
    let mut e = Emu::new();
    e.group("rg1");
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg1?{RES}"),
        Some(json!({"location": "eastus"})),
    );
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["error"],
        json!({"code": "InvalidResourceGroupLocation", "message": "Invalid resource group location 'eastus'. The Resource group already exists in location 'westus2'."})
    );
}

#[test]
fn group_put_validates_name_body_and_location() {
    let mut e = Emu::new();
    let put = |e: &mut Emu, name: &str, body: Value| {
        e.call(
            "PUT",
            &format!("/subscriptions/{{sub}}/resourcegroups/{name}?{RES}"),
            Some(body),
        )
    };
    let r = put(&mut e, "bad*name", json!({"location": "westus2"}));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidResourceGroup")
    );
    let r = put(&mut e, "ends.", json!({"location": "westus2"}));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidResourceGroup")
    );
    let r = put(&mut e, "ok", json!({}));
    assert_eq!((r.status, err_code(&r).as_str()), (400, "LocationRequired"));
    let r = put(&mut e, "ok", json!({"location": "mars"}));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "LocationNotAvailableForResourceGroup")
    );
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/ok?{RES}"),
        None,
    );
    assert_eq!((r.status, err_code(&r).as_str()), (400, "LocationRequired"));
    assert!(e.state.groups.is_empty(), "nothing was created");
}

#[test]
fn group_head_is_204_or_404_without_body() {
    let mut e = Emu::new();
    let r = e.call(
        "HEAD",
        &format!("/subscriptions/{{sub}}/resourcegroups/nope?{RES}"),
        None,
    );
    assert_eq!(r.status, 404);
    assert!(r.body.is_empty());
    assert_eq!(r.header("x-ms-failure-cause"), Some("gateway"));
    e.group("Yes");
    let r = e.call(
        "HEAD",
        &format!("/subscriptions/{{sub}}/resourcegroups/yes?{RES}"),
        None,
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    let r = e.get(&format!("/subscriptions/{{sub}}/resourcegroups/nope?{RES}"));
    assert_eq!(
        r.json(),
        json!({"error": {"code": "ResourceGroupNotFound", "message": "Resource group 'nope' could not be found."}})
    );
}

#[test]
fn group_patch_updates_tags() {
    let mut e = Emu::new();
    e.group("rg");
    let r = e.call(
        "PATCH",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        Some(json!({"tags": {"env": "dev"}})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["tags"], json!({"env": "dev"}));
}

#[test]
fn group_list_filters_on_tags_and_pages_with_next_link() {
    let mut e = Emu::with(|s| {
        s.page_size = 2;
        s.group_page_size = 2;
    });
    for (n, tags) in [
        ("a", json!({"env": "dev"})),
        ("b", json!({"env": "prod"})),
        ("c", json!({"env": "dev", "team": "x"})),
        ("d", json!({})),
        ("e", json!({"ENV": "Dev"})),
    ] {
        let r = e.call(
            "PUT",
            &format!("/subscriptions/{{sub}}/resourcegroups/{n}?{RES}"),
            Some(json!({"location": "westus2", "tags": tags})),
        );
        assert_eq!(r.status, 201);
    }
    let mut names = Vec::new();
    let mut r = e.get(&format!(
        "/subscriptions/{{sub}}/resourcegroups?$filter=tagname%20eq%20%27env%27%20and%20tagvalue%20eq%20%27dev%27&{RES}"
    ));
    let mut pages = 0;
    loop {
        pages += 1;
        let v = r.json();
        for g in v["value"].as_array().unwrap() {
            names.push(g["name"].as_str().unwrap().to_string());
        }
        match v["nextLink"].as_str() {
            Some(next) => {
                assert!(next.contains("$skiptoken="));
                r = e.follow(next);
            }
            None => break,
        }
    }
    assert_eq!(names, ["a", "c", "e"]);
    assert_eq!(pages, 2);
    let v = e
        .get(&format!(
            "/subscriptions/{{sub}}/resourcegroups?$filter=tagName eq 'team'&{RES}"
        ))
        .json();
    assert_eq!(v["value"].as_array().unwrap().len(), 1);
    let r = e.get(&format!(
        "/subscriptions/{{sub}}/resourcegroups?$filter=location eq 'x'&{RES}"
    ));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidFilterInQueryString")
    );
}

#[test]
fn group_delete_polls_location_then_cascades_to_clusters() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let c = e.create_cluster("rg", "c1");
    assert_eq!(c.status, 201);
    let r = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        None,
    );
    assert_eq!(r.status, 202);
    assert!(r.body.is_empty());
    assert_eq!(r.header("Retry-After"), Some("1"));
    let loc = r.header("Location").unwrap().to_string();
    assert!(loc.starts_with(&format!("{BASE}/subscriptions/{SUB}/operationresults/")));
    let g = e.get(&format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"));
    assert_eq!(g.json()["properties"]["provisioningState"], "Deleting");
    let p = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (p.status, err_code(&p).as_str()),
        (409, "ResourceGroupBeingDeleted")
    );
    let p1 = e.follow(&loc);
    assert_eq!(p1.status, 202);
    assert_eq!(p1.header("Location"), Some(loc.as_str()));
    let p2 = e.follow(&loc);
    assert_eq!(p2.status, 200);
    assert!(p2.body.is_empty());
    assert_eq!(
        e.get(&format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"))
            .status,
        404
    );
    assert!(
        e.state.clusters.is_empty(),
        "clusters went with their group"
    );
    let r = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        None,
    );
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
}
