//! The aggregate functions `persepsi_index` and `persepsi_tally`.

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use std::sync::Arc;

use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::{AggregateOrderSensitivity, format_state_name};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, GroupsAccumulator, Signature, Volatility,
};
use datafusion::physical_expr::expressions::Literal;
use persepsi::{Instrument, Precision};

use crate::accumulator::{GroupsTally, Input, Output, RowAccumulator, Spec};
use crate::output::index_type;

/// The name of the index aggregate.
pub const INDEX_FUNCTION: &str = "persepsi_index";
/// The name of the tally aggregate.
pub const TALLY_FUNCTION: &str = "persepsi_tally";

/// The instruments and precision the aggregate functions are made with; see the crate docs for
/// the SQL they add.
///
/// ```
/// use persepsi::{Instrument, Precision};
/// use persepsi_datafusion::PersepsiFunctions;
///
/// let functions = PersepsiFunctions::new() // SPKP, SPAK, IKM and IPK2014
///     .with_precision(Precision::new(3, 4, 3)?);
/// assert_eq!(functions.index_udaf().name(), "persepsi_index");
/// assert_eq!(functions.instruments().len(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersepsiFunctions {
    instruments: Vec<Instrument>,
    precision: Precision,
}

impl Default for PersepsiFunctions {
    fn default() -> Self {
        PersepsiFunctions::new()
    }
}

impl PersepsiFunctions {
    /// The built-in instruments ([`Instrument::spkp`], [`Instrument::spak`],
    /// [`Instrument::ikm`], [`Instrument::ipk_2014`]) at the default [`Precision`] (NRR and raw
    /// to 4 decimals, the 1-4 and 0-100 values to 2).
    #[must_use]
    pub fn new() -> PersepsiFunctions {
        PersepsiFunctions {
            instruments: vec![
                Instrument::spkp(),
                Instrument::spak(),
                Instrument::ikm(),
                Instrument::ipk_2014(),
            ],
            precision: Precision::default(),
        }
    }

    /// Adds an instrument, or replaces the one with the same code.
    #[must_use]
    pub fn with_instrument(mut self, instrument: Instrument) -> PersepsiFunctions {
        self.instruments.retain(|i| i.code() != instrument.code());
        self.instruments.push(instrument);
        self
    }

    /// Sets the decimals results are rounded to (half away from zero, once).
    #[must_use]
    pub fn with_precision(mut self, precision: Precision) -> PersepsiFunctions {
        self.precision = precision;
        self
    }

    /// The instruments the functions know, by code.
    #[must_use]
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// The precision of `persepsi_index`'s values.
    #[must_use]
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// `persepsi_index`.
    #[must_use]
    pub fn index_udaf(&self) -> AggregateUDF {
        AggregateUDF::from(PersepsiAggregate::new(
            self.instruments.clone(),
            Output::Index(self.precision),
        ))
    }

    /// `persepsi_tally`.
    #[must_use]
    pub fn tally_udaf(&self) -> AggregateUDF {
        AggregateUDF::from(PersepsiAggregate::new(
            self.instruments.clone(),
            Output::Tally,
        ))
    }

    /// Both functions, for a `SessionStateBuilder::with_aggregate_functions` (a Ballista
    /// session, for example).
    #[must_use]
    pub fn udafs(&self) -> Vec<Arc<AggregateUDF>> {
        vec![Arc::new(self.index_udaf()), Arc::new(self.tally_udaf())]
    }

    /// Registers both functions in a session, replacing functions of the same names.
    pub fn register(&self, ctx: &SessionContext) {
        ctx.register_udaf(self.index_udaf());
        ctx.register_udaf(self.tally_udaf());
    }
}

/// The implementation behind both functions: they read the same arguments and keep the same
/// state, and differ in what they return.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct PersepsiAggregate {
    instruments: Vec<Instrument>,
    output: Output,
    signature: Signature,
}

impl PersepsiAggregate {
    pub(crate) fn new(instruments: Vec<Instrument>, output: Output) -> PersepsiAggregate {
        PersepsiAggregate {
            instruments,
            output,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    #[cfg_attr(not(feature = "proto"), allow(dead_code))]
    pub(crate) fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    #[cfg_attr(not(feature = "proto"), allow(dead_code))]
    pub(crate) fn output(&self) -> Output {
        self.output
    }

    fn spec(&self, args: &AccumulatorArgs) -> Result<Spec> {
        let name = self.name();
        if args.is_distinct {
            return plan_err!("{name}(DISTINCT ...) is not supported: every response counts");
        }
        let Some(first) = args.exprs.first() else {
            return plan_err!("{name} needs an instrument code and stars");
        };
        let code = match first.downcast_ref::<Literal>().map(Literal::value) {
            Some(
                ScalarValue::Utf8(Some(code))
                | ScalarValue::LargeUtf8(Some(code))
                | ScalarValue::Utf8View(Some(code)),
            ) => code.clone(),
            _ => {
                return plan_err!(
                    "{name}'s first argument must be an instrument code literal such as 'SPKP', not {first}"
                );
            }
        };
        let Some(instrument) = self.instruments.iter().find(|i| i.code().as_str() == code) else {
            let known: Vec<&str> = self.instruments.iter().map(|i| i.code().as_str()).collect();
            return plan_err!(
                "{name}: unknown instrument '{code}' (known: {})",
                known.join(", ")
            );
        };
        let input = match args.expr_fields.get(1).map(|f| f.data_type()) {
            Some(DataType::LargeBinary) if args.exprs.len() == 2 => Input::Tallies,
            _ => Input::Stars,
        };
        let items = instrument.items().len();
        if input == Input::Stars && args.exprs.len() != items + 1 {
            return plan_err!(
                "{name}: instrument {code} has {items} items, {} star arguments given",
                args.exprs.len() - 1
            );
        }
        Ok(Spec {
            instrument: instrument.clone(),
            input,
            output: self.output,
        })
    }
}

fn is_integer(t: &DataType) -> bool {
    t.is_integer() || *t == DataType::Null
}

impl AggregateUDFImpl for PersepsiAggregate {
    fn name(&self) -> &str {
        match self.output {
            Output::Index(_) => INDEX_FUNCTION,
            Output::Tally => TALLY_FUNCTION,
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let name = self.name();
        let Some((first, rest)) = arg_types.split_first() else {
            return plan_err!("{name} needs an instrument code and stars (or one tally column)");
        };
        if !matches!(
            first,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        ) {
            return plan_err!("{name}'s first argument is the instrument code, not {first}");
        }
        // a string literal stays as it is (a cast around it would hide the literal)
        let mut out = vec![if *first == DataType::Null {
            DataType::Utf8
        } else {
            first.clone()
        }];
        match rest {
            [] => {
                return plan_err!("{name} needs stars (or one tally column) after the instrument");
            }
            [DataType::Binary | DataType::LargeBinary | DataType::BinaryView] => {
                out.push(DataType::LargeBinary);
            }
            stars => {
                for (i, t) in stars.iter().enumerate() {
                    if !is_integer(t) {
                        return plan_err!(
                            "{name}: star argument {} is {t}, stars are integers \
                             (use TRY_CAST(column AS BIGINT) for text columns)",
                            i + 1
                        );
                    }
                    out.push(if *t == DataType::UInt64 {
                        DataType::UInt64
                    } else {
                        DataType::Int64
                    });
                }
            }
        }
        Ok(out)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.output {
            Output::Index(precision) => index_type(precision),
            Output::Tally => DataType::LargeBinary,
        })
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(RowAccumulator::new(self.spec(&args)?)))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![
            Field::new(
                format_state_name(args.name, "tally"),
                DataType::LargeBinary,
                true,
            )
            .into(),
        ])
    }

    fn groups_accumulator_supported(&self, args: AccumulatorArgs) -> bool {
        !args.is_distinct
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        Ok(Box::new(GroupsTally::new(self.spec(&args)?)))
    }

    fn create_sliding_accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        self.accumulator(args)
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}
