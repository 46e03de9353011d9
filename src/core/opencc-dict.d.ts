// opencc-js's dictionaries (dist/esm-lib/dict/*.js, exported as "opencc-js/dict/NAME"): each module's default
// export is one string of "source replacement" entries separated by "|". The package types only its converters.
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
