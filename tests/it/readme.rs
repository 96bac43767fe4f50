//! The README's tables cannot drift: the supported-operations table is checked against the route
//! table, and the configuration table against the command line's flags and variables. The
//! README's `docker run` line for the demo works with what the Dockerfile puts in the image.

use clap::CommandFactory;
use pinpoint_local::config::Config;
use pinpoint_local::protocol::catalog::OPERATIONS;
use pinpoint_local::routes::SERVED;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The table rows between two markers, as cells without their backticks.
fn table(marker: &str) -> Vec<Vec<String>> {
    let text = readme();
    let start = text
        .find(&format!("<!-- {marker}:start -->"))
        .expect("start marker");
    let end = text
        .find(&format!("<!-- {marker}:end -->"))
        .expect("end marker");
    text[start..end]
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_operations_table_lists_exactly_the_served_operations() {
    let rows = table("operations");
    let mut names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    names.sort_unstable();
    let mut served: Vec<&str> = SERVED.iter().map(|(name, _)| *name).collect();
    served.sort_unstable();
    assert_eq!(names, served);
    for row in &rows {
        let op = OPERATIONS.iter().find(|o| o.name == row[0]).unwrap();
        assert_eq!(row[1], op.method.as_str(), "{}", op.name);
        assert_eq!(row[2], op.uri, "{}", op.name);
        assert_eq!(row[3], op.success_code.to_string(), "{}", op.name);
    }
}

#[test]
fn the_configuration_table_lists_every_flag_with_its_variable() {
    let rows = table("config");
    let cmd = Config::command();
    let mut flags = Vec::new();
    for arg in cmd.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        if ["help", "version"].contains(&long) {
            continue;
        }
        let env = arg
            .get_env()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            env.starts_with("PINPOINT_LOCAL_"),
            "--{long} has no PINPOINT_LOCAL_ variable"
        );
        let row = rows
            .iter()
            .find(|r| r[0] == format!("--{long}"))
            .unwrap_or_else(|| panic!("--{long} is missing from the README table"));
        assert_eq!(row[1], env, "--{long}");
        if let Some(default) = arg.get_default_values().first() {
            assert_eq!(row[2], default.to_string_lossy(), "--{long} default");
        }
        flags.push(format!("--{long}"));
    }
    let listed: Vec<&String> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        listed.len(),
        flags.len(),
        "README lists flags the binary does not have: {listed:?}"
    );
}

/// docs/behaviour.md#image-demo: the Dockerfile copies a folder of the checkout to `/fixtures`, and
/// the README's `docker run … serve --fixtures /fixtures` line loads the demo app from it. Without
/// a Docker daemon in the test, the image's `/fixtures` is laid out in a temporary folder as the
/// Dockerfile says, and the binary runs with the README's arguments.
#[test]
fn the_image_carries_the_demo_the_readme_starts_it_with() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dockerfile = std::fs::read_to_string(format!("{root}/Dockerfile")).unwrap();
    let copy: Vec<&str> = dockerfile
        .lines()
        .find(|l| l.starts_with("COPY ") && l.ends_with(" /fixtures"))
        .expect("the Dockerfile copies something to /fixtures")
        .split_whitespace()
        .collect();
    let source = copy[copy.len() - 2];
    assert_eq!(source, "fixtures/demo");
    let line = readme()
        .lines()
        .find(|l| l.starts_with("docker run ") && l.contains("--fixtures"))
        .expect("the README shows a docker run line with the demo")
        .to_string();
    let args: Vec<&str> = line
        .split_once(" pinpoint-local ")
        .expect("docker run … pinpoint-local ARGS")
        .1
        .split_whitespace()
        .collect();
    assert_eq!(args, ["serve", "--fixtures", "/fixtures"]);
    let image = crate::binary::temp_dir();
    let fixtures = image.join("fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    for f in std::fs::read_dir(format!("{root}/{source}")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), fixtures.join(f.file_name())).unwrap();
    }
    let fixtures_arg = fixtures.to_string_lossy().into_owned();
    let args: Vec<&str> = args
        .iter()
        .map(|a| {
            if *a == "/fixtures" {
                fixtures_arg.as_str()
            } else {
                a
            }
        })
        .collect();
    let server = crate::binary::Proc::start(&args);
    let (status, body) = crate::binary::http(
        &server.url(),
        "GET",
        "/v1/apps/7e57ab1e0000400080000000000d3e70",
        "",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("demo-shop"), "{body}");
    drop(server);
    std::fs::remove_dir_all(image).unwrap();
}
