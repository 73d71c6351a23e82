/*
 * error.c: the one translation of a core error (MasErr, core/mcommon.h) into
 * ereport.  The code picks the SQLSTATE and the form of the main message; the
 * site says which type or value the message names and which text it quotes.
 */
#include "mastery_glue.h"

#include "mb/pg_wchar.h"

static int
sqlstate_of(MasErrCode code)
{
	switch (code)
	{
		case MAS_ERR_RANGE:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case MAS_ERR_LIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case MAS_ERR_CORRUPT:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case MAS_ERR_DATA_CORRUPTED:
			return ERRCODE_DATA_CORRUPTED;
		case MAS_ERR_INVALID:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case MAS_ERR_NOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case MAS_ERR_SYNTAX:
		default:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
	}
}

void
mas_report(const MasErr *err, const MasErrSite *site)
{
	const char *typname = site->typname;
	const char *input = site->input ? site->input : "";
	char		shown[96];

	/* quote the offending text, shortened when it is long */
	if (!site->whole_input && strlen(input) > 80)
	{
		/* never splitting a multibyte character */
		snprintf(shown, sizeof(shown), "%.*s...", pg_mbcliplen(input, 80, 77), input);
		input = shown;
	}

	if (site->message)
		ereport(ERROR,
				(errcode(sqlstate_of(err->code)),
				 errmsg("%s", site->message),
				 errdetail("%s", err->detail),
				 site->hint ? errhint("%s", site->hint) : 0));

	switch (err->code)
	{
		case MAS_ERR_RANGE:
			ereport(ERROR,
					(errcode(sqlstate_of(err->code)),
					 errmsg("value out of range for type %s: \"%s\"", typname, input),
					 errdetail("%s", err->detail),
					 site->hint ? errhint("%s", site->hint) : 0));
			break;
		case MAS_ERR_LIMIT:
			ereport(ERROR,
					(errcode(sqlstate_of(err->code)),
					 errmsg("input is too large for type %s: \"%s\"", typname, input),
					 errdetail("%s", err->detail),
					 site->hint ? errhint("%s", site->hint) : 0));
			break;
		case MAS_ERR_CORRUPT:
			ereport(ERROR,
					(errcode(sqlstate_of(err->code)),
					 errmsg("invalid binary data for type %s", typname),
					 errdetail("%s", err->detail),
					 site->hint ? errhint("%s", site->hint) : 0));
			break;
		case MAS_ERR_DATA_CORRUPTED:
			ereport(ERROR,
					(errcode(sqlstate_of(err->code)),
					 errmsg("invalid %s value: %s", typname,
							err->msg ? err->msg : "corrupt data"),
					 errdetail("%s", err->detail),
					 site->hint ? errhint("%s", site->hint) : 0));
			break;
		case MAS_ERR_NOMEM:
			ereport(ERROR,
					(errcode(sqlstate_of(err->code)),
					 errmsg("out of memory in %s()", typname)));
			break;
		case MAS_ERR_INVALID:
			ereport(ERROR,
					(errcode(sqlstate_of(err->code)),
					 errmsg("invalid value for type %s: \"%s\"", typname, input),
					 errdetail("%s", err->detail),
					 site->hint ? errhint("%s", site->hint) : 0));
			break;
		default:
			ereport(ERROR,
					(errcode(sqlstate_of(err->code)),
					 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
					 errdetail("%s", err->detail),
					 site->hint ? errhint("%s", site->hint) : 0));
			break;
	}
	pg_unreachable();
}

void
mas_ereport(const char *typname, const char *input, const MasErr *err)
{
	MasErrSite	site = {typname, input, false, NULL};

	mas_report(err, &site);
}
