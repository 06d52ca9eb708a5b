//! The functions on a Ballista cluster on loopback: a scheduler, and an executor that knows
//! only DataFusion's built-in functions and gets persepsi's through the plan
//! ([`PersepsiCodec`]).

mod common;

use std::sync::Arc;
use std::time::Duration;

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
use ballista_core::serde::{BallistaCodec, BallistaPhysicalExtensionCodec};
use ballista_core::{ConfigProducer, RuntimeProducer};
use common::{accepted, by_unit, by_unit_sql, expected_by, register_responses, run, strings};
use datafusion::execution::runtime_env::RuntimeEnv;
use datafusion::execution::{FunctionRegistry, SessionStateBuilder};
use datafusion::prelude::{SessionConfig, SessionContext};
use persepsi_datafusion::{PersepsiCodec, PersepsiFunctions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ballista_cluster_gives_the_library_results_for_every_unit() {
    let data = accepted("ballista-units");
    let config = SessionConfig::new_with_ballista()
        .with_target_partitions(4)
        .with_repartition_file_min_size(1)
        .with_ballista_physical_extension_codec(Arc::new(PersepsiCodec::new(Arc::new(
            BallistaPhysicalExtensionCodec::default(),
        ))));
    // the client and the scheduler plan with the functions registered ...
    let mut state = SessionStateBuilder::new()
        .with_config(config.clone())
        .with_default_features()
        .build();
    for f in PersepsiFunctions::new().udafs() {
        state.register_udaf(f).expect("registers");
    }
    let addr = ballista_scheduler::standalone::new_standalone_scheduler_from_state(&state)
        .await
        .expect("scheduler");
    let url = format!("http://localhost:{}", addr.port());
    let mut client = None;
    for _ in 0..50 {
        match SchedulerGrpcClient::connect(url.clone()).await {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let client = client.expect("the scheduler answers");
    // ... the executor has only DataFusion's defaults: persepsi's functions come in the plan
    let executor_config = config.clone().upgrade_for_ballista();
    let config_producer: ConfigProducer = Arc::new(move || executor_config.clone());
    let runtime = Arc::new(RuntimeEnv::default());
    let runtime_producer: RuntimeProducer = Arc::new(move |_| Ok(runtime.clone()));
    let codec = BallistaCodec::new(
        config.ballista_logical_extension_codec(),
        config.ballista_physical_extension_codec(),
    );
    let registry = ballista_core::registry::BallistaFunctionRegistry::default();
    assert!(!registry.aggregate_functions.contains_key("persepsi_index"));
    ballista_executor::new_standalone_executor_from_builder(
        client,
        2,
        config_producer,
        runtime_producer,
        codec,
        registry,
    )
    .await
    .expect("executor");
    let ctx = SessionContext::remote_with_state(&url, state)
        .await
        .expect("client");
    // Ballista 55's `remote_with_state` rebuilds the state with its default functions: the
    // client registers persepsi's again
    assert!(
        !ctx.state()
            .aggregate_functions()
            .contains_key("persepsi_index")
    );
    register_responses(&ctx, &data).await;

    let sql = by_unit_sql();
    let plan = strings(&run(&ctx, &format!("EXPLAIN {sql}")).await, "plan").join("\n");
    assert!(plan.contains("mode=Partial"), "{plan}");
    let got = by_unit(&run(&ctx, &sql).await);
    let expected = expected_by(&data, |r| r[2].to_owned());
    assert!(expected.len() > 100);
    assert_eq!(got, expected);
}
