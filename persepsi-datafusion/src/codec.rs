//! Plans that carry the functions with them: a physical extension codec (feature `proto`).

use std::sync::Arc;

use datafusion::common::{Result, plan_err};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF, WindowUDF};
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::physical_plan::{PhysicalExtensionCodec, PhysicalProtoConverterExtension};
use persepsi::{Instrument, Precision};

use crate::accumulator::Output;
use crate::function::{INDEX_FUNCTION, PersepsiAggregate, TALLY_FUNCTION};

/// The first byte of an encoded function definition.
const VERSION: u8 = 1;

/// A [`PhysicalExtensionCodec`] that writes `persepsi_index` and `persepsi_tally` into the
/// serialized plan (their precision and instrument codes) and rebuilds them when the plan is
/// read, so an executor that never registered the functions runs them: what a
/// [Ballista](https://datafusion.apache.org/ballista/) executor started with the default
/// function registry needs. Everything else goes to the codec it wraps (Ballista's own, for a
/// Ballista cluster).
///
/// Only the built-in instruments travel by code. A function made with a custom instrument
/// ([`PersepsiFunctions::with_instrument`](crate::PersepsiFunctions::with_instrument)) is written
/// by name only, and the reading side must have it registered.
///
/// ```
/// use std::sync::Arc;
/// use datafusion_proto::physical_plan::{DefaultPhysicalExtensionCodec, PhysicalExtensionCodec};
/// use persepsi_datafusion::{PersepsiCodec, PersepsiFunctions};
///
/// let codec = PersepsiCodec::new(Arc::new(DefaultPhysicalExtensionCodec {}));
/// let mut bytes = Vec::new();
/// codec.try_encode_udaf(&PersepsiFunctions::new().index_udaf(), &mut bytes)?;
/// let back = codec.try_decode_udaf("persepsi_index", &bytes)?;
/// assert_eq!(*back, PersepsiFunctions::new().index_udaf());
/// # Ok::<(), datafusion::error::DataFusionError>(())
/// ```
#[derive(Debug)]
pub struct PersepsiCodec {
    inner: Arc<dyn PhysicalExtensionCodec>,
}

impl PersepsiCodec {
    /// Wraps `inner`, which handles everything but the persepsi functions.
    #[must_use]
    pub fn new(inner: Arc<dyn PhysicalExtensionCodec>) -> PersepsiCodec {
        PersepsiCodec { inner }
    }
}

fn presets() -> [Instrument; 4] {
    [
        Instrument::spkp(),
        Instrument::spak(),
        Instrument::ikm(),
        Instrument::ipk_2014(),
    ]
}

/// `[version, nrr, raw, index decimals (255 for persepsi_tally), codes joined by ',']`, or
/// nothing when an instrument is not built in.
fn encode(function: &PersepsiAggregate) -> Option<Vec<u8>> {
    let presets = presets();
    if !function.instruments().iter().all(|i| presets.contains(i)) {
        return None;
    }
    let mut out = vec![VERSION];
    match function.output() {
        Output::Index(p) => {
            for d in [p.nrr(), p.raw(), p.index()] {
                out.push(u8::try_from(d).ok()?);
            }
        }
        Output::Tally => out.extend([255; 3]),
    }
    let codes: Vec<&str> = function
        .instruments()
        .iter()
        .map(|i| i.code().as_str())
        .collect();
    out.extend_from_slice(codes.join(",").as_bytes());
    Some(out)
}

fn decode(name: &str, buf: &[u8]) -> Result<PersepsiAggregate> {
    let precision = |d: &[u8]| match d {
        [nrr, raw, index] => Precision::new(u32::from(*nrr), u32::from(*raw), u32::from(*index))
            .map_err(|e| datafusion::error::DataFusionError::Plan(e.to_string())),
        _ => plan_err!("a {name} definition is too short"),
    };
    let (output, codes) = match buf {
        // written without a definition: a function with a custom instrument, which only a
        // registry that has it can give (the defaults would compute other numbers)
        [] => {
            return plan_err!(
                "{name} was serialized without its definition (it has a custom instrument): \
                 register the same PersepsiFunctions on every executor"
            );
        }
        [VERSION, d @ ..] if d.len() >= 3 => {
            let (decimals, codes) = d.split_at(3);
            let output = if name == TALLY_FUNCTION {
                Output::Tally
            } else {
                Output::Index(precision(decimals)?)
            };
            (output, codes)
        }
        _ => {
            return plan_err!(
                "a {name} definition of {} bytes is not version 1",
                buf.len()
            );
        }
    };
    let Ok(codes) = std::str::from_utf8(codes) else {
        return plan_err!("the instrument codes of {name} are not UTF-8");
    };
    let mut instruments = Vec::new();
    for code in codes.split(',').filter(|c| !c.is_empty()) {
        let Some(i) = presets().into_iter().find(|i| i.code().as_str() == code) else {
            return plan_err!("{name}: instrument {code} is not built in");
        };
        instruments.push(i);
    }
    Ok(PersepsiAggregate::new(instruments, output))
}

impl PhysicalExtensionCodec for PersepsiCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        ctx: &TaskContext,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        self.inner.try_decode(buf, inputs, ctx, proto_converter)
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<()> {
        self.inner.try_encode(node, buf, proto_converter)
    }

    fn try_decode_udf(&self, name: &str, buf: &[u8]) -> Result<Arc<ScalarUDF>> {
        self.inner.try_decode_udf(name, buf)
    }

    fn try_encode_udf(&self, node: &ScalarUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udf(node, buf)
    }

    fn try_decode_udwf(&self, name: &str, buf: &[u8]) -> Result<Arc<WindowUDF>> {
        self.inner.try_decode_udwf(name, buf)
    }

    fn try_encode_udwf(&self, node: &WindowUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udwf(node, buf)
    }

    fn try_decode_udaf(&self, name: &str, buf: &[u8]) -> Result<Arc<AggregateUDF>> {
        if name == INDEX_FUNCTION || name == TALLY_FUNCTION {
            Ok(Arc::new(AggregateUDF::from(decode(name, buf)?)))
        } else {
            self.inner.try_decode_udaf(name, buf)
        }
    }

    fn try_encode_udaf(&self, node: &AggregateUDF, buf: &mut Vec<u8>) -> Result<()> {
        match node.inner().downcast_ref::<PersepsiAggregate>() {
            Some(function) => {
                if let Some(bytes) = encode(function) {
                    buf.extend_from_slice(&bytes);
                }
                Ok(())
            }
            None => self.inner.try_encode_udaf(node, buf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersepsiFunctions;
    use datafusion_proto::physical_plan::DefaultPhysicalExtensionCodec;

    #[test]
    fn definitions_round_trip_and_bad_ones_are_errors() {
        let codec = PersepsiCodec::new(Arc::new(DefaultPhysicalExtensionCodec {}));
        let functions =
            PersepsiFunctions::new().with_precision(Precision::new(3, 5, 1).expect("ok"));
        for f in [functions.index_udaf(), functions.tally_udaf()] {
            let mut buf = Vec::new();
            codec.try_encode_udaf(&f, &mut buf).expect("encodes");
            assert_eq!(buf[0], VERSION);
            let back = codec.try_decode_udaf(f.name(), &buf).expect("decodes");
            assert_eq!(*back, f);
        }
        // a custom instrument travels by name only
        let custom = Instrument::spak()
            .to_builder()
            .name("SPAK 2026")
            .build()
            .expect("valid");
        let mut buf = Vec::new();
        codec
            .try_encode_udaf(
                &PersepsiFunctions::new()
                    .with_instrument(custom)
                    .index_udaf(),
                &mut buf,
            )
            .expect("encodes");
        assert!(buf.is_empty());
        // with no definition (a custom instrument), the executor's registry must have it:
        // no silent fallback to the built-in instruments
        let error = codec
            .try_decode_udaf(INDEX_FUNCTION, &[])
            .expect_err("no definition");
        assert!(
            error
                .to_string()
                .contains("register the same PersepsiFunctions"),
            "{error}"
        );
        for bad in [
            &[2u8, 4, 4, 2][..],
            &[1, 4],
            &[1, 21, 4, 2],
            &[1, 4, 4, 2, b'X'],
            &[1, 4, 4, 2, 0xff],
        ] {
            assert!(
                codec.try_decode_udaf(INDEX_FUNCTION, bad).is_err(),
                "{bad:?}"
            );
        }
        assert!(codec.try_decode_udaf("avg", &[]).is_err());
    }
}
