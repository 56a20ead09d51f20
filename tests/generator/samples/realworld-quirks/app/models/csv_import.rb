# STI subclass: inherited `has_many :rows` still means Import::Row.
class CsvImport < Import
end
