# Be sure to restart your server when you modify this file.
ActiveSupport::Inflector.inflections(:en) do |inflect|
  inflect.irregular "drive", "drives"
  inflect.acronym "API"
  inflect.acronym "GitHub"
  inflect.uncountable %w[staff feedback]
  inflect.plural(/^(cact)us$/i, '\1i')
  inflect.singular(/^(cact)i$/i, '\1us')
  inflect.singular "regalia", "regalia"
  inflect.human "legacy_name", "Name"
end

# Other locales do not name tables.
ActiveSupport::Inflector.inflections(:es) do |inflect|
  inflect.plural(/$/, "es")
end
